/**
 * The registry's locks, checks and holds as SQL functions (centre migration 16).
 *
 * Why in the database: /v1/facts is the centre's busiest call (every application of
 * every kiosk asks it first), and done from Node it took a dozen round trips (BEGIN,
 * two locks, two checks, the lease time, two upserts and a delete, the restricted-list
 * version, COMMIT). `registration_facts` does all of it in ONE statement, its own
 * transaction. /v1/issue and /v1/deregister call the same functions, so each rule of
 * the registry is written once.
 *
 * `registration_facts` is PL/pgSQL, not one SQL statement with CTEs, on purpose: a
 * statement reads one snapshot taken before its locks are granted, so it would not see
 * the lease that the previous holder of the lock just committed. PL/pgSQL takes a fresh
 * snapshot for each statement (READ COMMITTED), after the locks: of 50 kiosks racing
 * for one name, exactly one gets the lease.
 */
import type { CentreMigration } from '../postgres/migrations';

export const REGISTRY_FUNCTIONS_MIGRATION: CentreMigration = {
  version: 16,
  name: 'registry functions: the facts of a registration in one round trip',
  sql: `
    -- Transaction-scoped locks on the name and the house code, always in that order (so two
    -- callers cannot deadlock): two 32-bit keys each, a namespace (1 names, 2 addresses) and a hash.
    CREATE FUNCTION lock_name_and_address(p_district text, p_trade_name text, p_industry text, p_house_code text) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
      IF p_trade_name IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(1, hashtext(p_district || '/' || p_trade_name || '/' || p_industry));
      END IF;
      PERFORM pg_advisory_xact_lock(2, hashtext(p_house_code));
    END $$;

    -- Held by a licence, or by another application's lease that has not lapsed (never, without a trade name).
    CREATE FUNCTION name_held_by_other(p_district text, p_trade_name text, p_industry text, p_application text, p_kiosk text) RETURNS boolean
    LANGUAGE sql STABLE AS $$
      SELECT coalesce((
        SELECT NOT (application_id = p_application AND kiosk_id = p_kiosk) AND (credit_code IS NOT NULL OR lease_expires_at > now())
        FROM name_occupancy WHERE district_code = p_district AND trade_name = p_trade_name AND industry = p_industry), false)
    $$;

    -- Active licences at the house code plus unexpired leases of other applications.
    CREATE FUNCTION places_taken_by_others(p_house_code text, p_application text, p_kiosk text) RETURNS integer
    LANGUAGE sql STABLE AS $$
      SELECT count(*)::integer FROM address_occupancy
      WHERE house_code = p_house_code AND NOT (application_id = p_application AND kiosk_id = p_kiosk)
        AND (credit_code IS NOT NULL OR lease_expires_at > now())
    $$;

    -- The name for this application: a lease until p_lease_until, or a licence's for good (p_credit_code).
    -- Called only while the name's lock is held and the name is free or already this application's.
    CREATE FUNCTION take_name(p_district text, p_trade_name text, p_industry text, p_application text, p_kiosk text, p_lease_until timestamptz, p_credit_code text) RETURNS void
    LANGUAGE sql AS $$
      INSERT INTO name_occupancy (district_code, trade_name, industry, application_id, kiosk_id, lease_expires_at, credit_code)
      VALUES (p_district, p_trade_name, p_industry, p_application, p_kiosk, p_lease_until, p_credit_code)
      ON CONFLICT (district_code, trade_name, industry) DO UPDATE SET application_id = EXCLUDED.application_id, kiosk_id = EXCLUDED.kiosk_id,
        lease_expires_at = EXCLUDED.lease_expires_at, credit_code = EXCLUDED.credit_code
    $$;

    -- A place at the house code, likewise; lapsed leases of others free their places for good first.
    CREATE FUNCTION take_place(p_house_code text, p_application text, p_kiosk text, p_lease_until timestamptz, p_credit_code text) RETURNS void
    LANGUAGE sql AS $$
      DELETE FROM address_occupancy WHERE house_code = p_house_code AND credit_code IS NULL AND lease_expires_at <= now();
      INSERT INTO address_occupancy (house_code, application_id, kiosk_id, lease_expires_at, credit_code)
      VALUES (p_house_code, p_application, p_kiosk, p_lease_until, p_credit_code)
      ON CONFLICT (house_code, application_id) DO UPDATE SET kiosk_id = EXCLUDED.kiosk_id, lease_expires_at = EXCLUDED.lease_expires_at, credit_code = EXCLUDED.credit_code
    $$;

    -- The facts a kiosk asks before deciding a registration, and the leases on the name and a
    -- place when both are free. Call it outside a transaction block: it is its own transaction,
    -- so its locks are released (and its leases visible) the moment it returns.
    CREATE FUNCTION registration_facts(p_kiosk text, p_application text, p_district text, p_trade_name text, p_industry text, p_house_code text,
                                       p_max_at_address integer, p_lease_seconds double precision)
    RETURNS TABLE (name_taken boolean, places_taken integer, lease_until timestamptz, restricted_list_version integer)
    LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM lock_name_and_address(p_district, p_trade_name, p_industry, p_house_code);
      name_taken := name_held_by_other(p_district, p_trade_name, p_industry, p_application, p_kiosk);
      places_taken := places_taken_by_others(p_house_code, p_application, p_kiosk);
      IF NOT name_taken AND places_taken < p_max_at_address THEN
        lease_until := now() + make_interval(secs => p_lease_seconds);
        IF p_trade_name IS NOT NULL THEN
          PERFORM take_name(p_district, p_trade_name, p_industry, p_application, p_kiosk, lease_until, NULL);
        END IF;
        PERFORM take_place(p_house_code, p_application, p_kiosk, lease_until, NULL);
      END IF;
      SELECT max(v.version) INTO restricted_list_version FROM restricted_list_versions v;
      RETURN NEXT;
    END $$;`,
};
