package io.meshportal.fleet.local;

import org.springframework.data.jpa.repository.JpaRepository;

interface LocalFactoryRepository extends JpaRepository<LocalFactory, String> {}
