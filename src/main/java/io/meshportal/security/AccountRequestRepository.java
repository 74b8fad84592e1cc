package io.meshportal.security;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface AccountRequestRepository extends JpaRepository<AccountRequest, Long> {

    List<AccountRequest> findByStateOrderByIdAsc(AccountRequest.State state);

    boolean existsByUsernameAndState(String username, AccountRequest.State state);

    long countByClientAndRequestedAtAfter(String client, Instant after);

    long countByState(AccountRequest.State state);
}
