package io.jube.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.catalogue.ResourceDef;

/**
 * A server-side admission step run on every write after defaulting and validation and before
 * the object is stored (e.g. ClusterIP allocation, CRD registration). Throws ApiException to deny.
 */
public interface Admission {
    enum Operation { CREATE, UPDATE, DELETE }

    void admit(Operation op, ResourceDef def, ObjectNode obj, ObjectNode old, RequestContext ctx);
}
