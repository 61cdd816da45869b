package io.jube.controllers.deployment;

import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.Result;

/** Placeholder replaced below. */
public final class DeploymentController implements Controller {
    public static final String NAME = "deployment";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setup(ControllerContext ctx) {
    }

    @Override
    public Result reconcile(String key) {
        return Result.done();
    }
}
