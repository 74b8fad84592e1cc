package io.meshportal.rollout;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface RolloutRepository extends JpaRepository<Rollout, Long> {

    List<Rollout> findByStateIn(Collection<RolloutState> states);

    List<Rollout> findByFactoryIdOrderByIdDesc(String factoryId);
}
