import { MigrationInterface, QueryRunner } from 'typeorm';
import { courtCodeFromName, SEEDED_COURTS } from '../src/courts/court-codes';
import { caseKey } from '../src/participants/identity';

/**
 * Courts become a list kept by ADMIN (code, name, active) instead of free text, which split
 * reports by spelling. A referral's `jurisdiction` is now the code of a court (a foreign key), and
 * only an active court may be given to a referral (a trigger).
 *
 * The two courts of Kansas City that refer to the programs are created here, so that a fresh
 * install can take referrals at once (an ADMIN adds others). Every distinct jurisdiction already
 * in use becomes a court: one of those two when it is spelled like its name (without regard to
 * case or spacing, as case numbers were already compared), else a new court named as it was
 * written most often, with a code made from that name (`Clay County Circuit Court` →
 * `CLAY-COUNTY-CIRCUIT-COURT`, `-2` and so on when taken). Each referral then names its court's
 * code, its case-number key follows, and no case number can collide: each old spelling key maps
 * to one court, and no two keys to the same one.
 */
export class Courts1764770000000 implements MigrationInterface {
  name = 'Courts1764770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE courts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{0,39}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120 AND name = btrim(name)),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One court per name too: two spellings of one court are what this list ends.
    await q.query(`CREATE UNIQUE INDEX courts_name_key ON courts (upper(name))`);
    await q.query(`GRANT UPDATE ON courts TO diversion_app`);
    // Referrals keep the code they name: it never changes, whoever asks.
    await q.query(`
      CREATE FUNCTION courts_code_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.code <> OLD.code THEN
          RAISE EXCEPTION 'a court''s code never changes (referrals name it)'
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER courts_code_fixed BEFORE UPDATE OF code ON courts
      FOR EACH ROW EXECUTE FUNCTION courts_code_fixed()`);

    const taken = new Set<string>();
    const courts = new Map<string, { code: string; name: string }>();
    for (const c of SEEDED_COURTS) {
      courts.set(caseKey(c.name), c);
      taken.add(c.code);
    }
    const inUse: { key: string; spelling: string }[] = await q.query(`
      SELECT DISTINCT ON (jurisdiction_key) jurisdiction_key AS key, jurisdiction AS spelling
        FROM (SELECT jurisdiction_key, jurisdiction, count(*) AS n FROM referrals
               GROUP BY jurisdiction_key, jurisdiction) s
       ORDER BY jurisdiction_key, n DESC, jurisdiction`);
    const moves: { key: string; code: string }[] = [];
    for (const { key, spelling } of inUse) {
      let court = courts.get(key);
      if (!court) {
        const name = spelling.trim().replace(/\s+/g, ' ');
        const base = courtCodeFromName(name);
        let code = base;
        for (let i = 2; taken.has(code); i++) code = `${base.slice(0, 40 - `-${i}`.length)}-${i}`;
        taken.add(code);
        court = { code, name };
        courts.set(key, court);
      }
      moves.push({ key, code: court.code });
    }
    const all = [...courts.values()];
    await q.query(`INSERT INTO courts (code, name) SELECT * FROM unnest($1::text[], $2::text[])`, [
      all.map((c) => c.code),
      all.map((c) => c.name),
    ]);
    // Two steps: a unique index is checked row by row, and a referral could otherwise meet, half
    // way, another that still holds the key it is moving to (free text spelled like a code).
    await q.query(
      `UPDATE referrals r SET jurisdiction = m.code, jurisdiction_key = r.id::text
         FROM unnest($1::text[], $2::text[]) AS m(key, code)
        WHERE r.jurisdiction_key = m.key`,
      [moves.map((m) => m.key), moves.map((m) => m.code)],
    );
    await q.query(`UPDATE referrals SET jurisdiction_key = jurisdiction`);
    await q.query(`
      ALTER TABLE referrals ADD CONSTRAINT referrals_jurisdiction_court
        FOREIGN KEY (jurisdiction) REFERENCES courts (code)`);
    await q.query(`CREATE INDEX referrals_jurisdiction_idx ON referrals (jurisdiction)`);
    // A court taken off the list keeps its referrals; no referral may be given it any more.
    await q.query(`
      CREATE FUNCTION referrals_court_active() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM courts WHERE code = NEW.jurisdiction AND active) THEN
          RAISE EXCEPTION 'court % is not an active court', NEW.jurisdiction
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER referrals_court_active_insert BEFORE INSERT ON referrals
      FOR EACH ROW EXECUTE FUNCTION referrals_court_active()`);
    await q.query(`
      CREATE TRIGGER referrals_court_active_update BEFORE UPDATE OF jurisdiction ON referrals
      FOR EACH ROW WHEN (NEW.jurisdiction IS DISTINCT FROM OLD.jurisdiction)
      EXECUTE FUNCTION referrals_court_active()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER referrals_court_active_update ON referrals`);
    await q.query(`DROP TRIGGER referrals_court_active_insert ON referrals`);
    await q.query(`DROP FUNCTION referrals_court_active()`);
    await q.query(`DROP INDEX referrals_jurisdiction_idx`);
    await q.query(`ALTER TABLE referrals DROP CONSTRAINT referrals_jurisdiction_court`);
    // Back to free text: each referral names its court as written on the list (in two steps,
    // as above).
    await q.query(`
      UPDATE referrals r SET jurisdiction = c.name, jurisdiction_key = r.id::text
        FROM courts c WHERE c.code = r.jurisdiction`);
    await q.query(`UPDATE referrals SET jurisdiction_key = upper(jurisdiction)`);
    await q.query(`DROP TABLE courts`);
    await q.query(`DROP FUNCTION courts_code_fixed()`);
  }
}
