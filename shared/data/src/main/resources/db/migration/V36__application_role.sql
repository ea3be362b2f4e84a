-- The role the functions connect as through RDS Proxy (IAM database authentication in AWS): reading and
-- writing the product's rows, nothing else. No DDL (it owns nothing and may create nothing), no TRUNCATE,
-- no write to Flyway's history. db-migrate and the import keep the master user, which owns the schema.
-- Roles belong to the whole server, so the role is created once and every database grants to it.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wagateway_app') THEN
        IF NOT (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            -- A development server whose user may create databases but not roles (DEVDB_URL): nothing to grant to.
            -- On RDS the master user may always create roles, so deployed databases never take this branch.
            RAISE WARNING 'wagateway_app not created: % may not create roles', current_user;
            RETURN;
        END IF;
        BEGIN
            CREATE ROLE wagateway_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
        EXCEPTION WHEN duplicate_object THEN
            NULL; -- another database of this server created it at the same moment
        END;
        -- Bounded statements: an API answer is due within API Gateway's 30 s, the proxy's borrow timeout is lower.
        ALTER ROLE wagateway_app SET statement_timeout = '20s';
        ALTER ROLE wagateway_app SET idle_in_transaction_session_timeout = '60s';
    END IF;
    -- RDS's role for IAM database authentication exists only on RDS.
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN
        GRANT rds_iam TO wagateway_app;
    END IF;

    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO wagateway_app', current_database());
    GRANT USAGE ON SCHEMA public TO wagateway_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO wagateway_app;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO wagateway_app;
    REVOKE ALL ON TABLE flyway_schema_history FROM wagateway_app;
    GRANT SELECT ON TABLE flyway_schema_history TO wagateway_app;
    -- Tables and sequences that later migrations create (as the same migrating user) get the same grants.
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO wagateway_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO wagateway_app;
END
$$;
