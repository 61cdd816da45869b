package io.jube.apiserver.pki;

import java.util.List;
import java.util.Objects;

/** An authenticated user: the name and groups RBAC sees, as in Kubernetes' user.Info. */
public record UserInfo(String name, List<String> groups) {
    public UserInfo {
        Objects.requireNonNull(name, "name");
        groups = List.copyOf(groups);
    }
}
