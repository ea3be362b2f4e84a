package dev.wagateway.shared.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope an API key needs for a {@code /v1/**} route (see {@link Scopes}). On a method or its
 * controller. A {@code /v1/**} route without it can only be called with a {@code *} key: a route
 * someone forgot to annotate stays closed rather than open.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresScope {
    String value();
}
