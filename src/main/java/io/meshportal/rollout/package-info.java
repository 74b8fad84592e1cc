/**
 * Canary rollouts: a factory's new version beside the stable one, requests shifted step by step, each step judged
 * on what the versions produce (output, rejects, OEE) and on their mesh signals (errors, p99 latency); promoted or
 * rolled back, every step audited and raised as a notice, the state kept in SQLite so a restart resumes or holds.
 */
@ApplicationModule(
        allowedDependencies = {
            "base",
            "base::ui",
            "security",
            "audit",
            "fleet",
            "mesh",
            "alerts",
            "factory",
            "telemetry"
        })
package io.meshportal.rollout;

import org.springframework.modulith.ApplicationModule;
