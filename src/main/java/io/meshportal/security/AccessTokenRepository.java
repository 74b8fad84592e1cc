package io.meshportal.security;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface AccessTokenRepository extends JpaRepository<AccessToken, Long> {

    Optional<AccessToken> findBySecretDigest(String secretDigest);

    List<AccessToken> findByUsernameOrderByIdAsc(String username);

    boolean existsByUsernameAndName(String username, String name);

    long countByUsername(String username);

    void deleteByUsername(String username);
}
