import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `npm run events:replay -- …` as npm runs it; these command lines are refused before anything is read or sent. */
async function replay(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/events-replay.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// No AWS call is made: each refusal comes before any client is used (the table and topic named do not exist).
const aws = ['--from', '2026-11-30', '--outbox', 'Motcua-Data-NoSuchTable', '--topic', 'arn:aws:sns:ap-southeast-1:000000000000:none'];

describe('npm run events:replay --producer (AWS: whose outbox --outbox is)', () => {
  it('takes intake by default, and refuses a type postal publishes from it, saying which --producer to give', async () => {
    const run = await replay(...aws, '--type', 'ShipmentDelivered');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ShipmentDelivered is published by postal, not intake');
    expect(run.stderr).toContain('--producer postal');
  });

  it("refuses an intake type from postal's outbox, and a consumer that declared none of its producer's types", async () => {
    expect(await replay(...aws, '--producer', 'postal', '--type', 'DossierResolved')).toMatchObject({ code: 2, stderr: expect.stringContaining('DossierResolved is published by intake, not postal') });
    const postalFromPostal = await replay(...aws, '--producer', 'postal', '--consumer', 'postal', '--queue-url', 'https://sqs.example/none');
    expect(postalFromPostal).toMatchObject({ code: 2, stderr: expect.stringContaining('postal declares no type that postal publishes') });
    const intakeFromIntake = await replay(...aws, '--consumer', 'intake', '--queue-url', 'https://sqs.example/none');
    expect(intakeFromIntake).toMatchObject({ code: 2, stderr: expect.stringContaining('intake declares no type that intake publishes') });
  });

  it('refuses an unknown producer, and says what --producer means in the usage', async () => {
    expect(await replay(...aws, '--producer', 'reporting')).toMatchObject({ code: 2, stderr: expect.stringContaining('no producer reporting (known: intake, postal, survey)') });
    const help = await replay('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('PostalOutboxTableName for postal, SurveyOutboxTableName for survey');
  });
});
