/** Components and helpers every feature's views use: live charts, KPI tiles, inputs, field problems, error pages. */
@NamedInterface("ui")
package io.meshportal.base.ui;

import org.springframework.modulith.NamedInterface;
