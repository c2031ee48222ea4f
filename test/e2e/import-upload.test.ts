/**
 * The upload as the importer drives it, in process against the emulator: Garmin's status URL is
 * polled with its hinted delay until it names the activity, and a Garmin that never finishes
 * processing ends in a transient error (the importer then queues the file; a later send meets
 * Garmin's 409 and learns the id).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Archive } from '../../src/archive/archive.js';
import { resolvePaths } from '../../src/archive/paths.js';
import { openTokenStore } from '../../src/credentials/index.js';
import { GarminApiError } from '../../src/errors.js';
import { GarminClient } from '../../src/garmin/client.js';
import { resolveEndpoints } from '../../src/garmin/endpoints.js';
import { uploadActivityFile } from '../../src/sync/upload.js';
import { createWorld, fixture, type World } from './harness.js';

describe('upload and confirm', () => {
  let world: World;
  let client: GarminClient;
  let archive: Archive;
  beforeAll(async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    const paths = resolvePaths(world.env);
    const tokens = await openTokenStore(world.env, paths).load();
    client = new GarminClient({ endpoints: resolveEndpoints(world.env), tokens: tokens!, saveTokens: async () => {} });
    archive = new Archive(paths);
  });
  afterAll(async () => world.close());

  it('polls the status URL after the hinted delay until Garmin names the activity, then archives it', async () => {
    world.emulator.switches.uploadPollsBeforeDone = 2;
    const bytes = new Uint8Array(readFileSync(fixture('fit/garmin-fenix-5-run.fit')));
    const started = Date.now();
    const sent = await uploadActivityFile(client, archive, { fileName: 'run.fit', bytes });
    expect(sent.status).toBe('uploaded');
    const polls = world.seen('/activity-service/activity/status/', 'GET');
    expect(polls.map((p) => p.status)).toEqual([202, 202, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 1000 - 50); // location-in-milliseconds: 1000
    expect((await archive.listActivities()).map((a) => a.activityId)).toContain(sent.activityId);
  });

  it('gives up when Garmin is still processing at the deadline, with a transient error naming the upload', async () => {
    world.emulator.switches.uploadPollsBeforeDone = 1_000;
    const bytes = new Uint8Array(readFileSync(fixture('fit/garmin-edge-820-bike.fit')));
    const outcome = await client.uploadActivity({ fileName: 'ride.fit', bytes });
    expect(outcome.status).toBe('accepted');
    if (outcome.status !== 'accepted') return;
    const err = await client.waitForUpload(outcome, { timeoutMs: 1_500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GarminApiError);
    expect((err as GarminApiError).transient).toBe(true);
    expect((err as Error).message).toMatch(/still processing upload \d+ when garmin-sync stopped waiting/);
    // Sent again later (from the outbox), Garmin answers 409 and the archive learns the id.
    world.emulator.switches.uploadPollsBeforeDone = 1;
    const again = await uploadActivityFile(client, archive, { fileName: 'ride.fit', bytes });
    expect(again.status).toBe('duplicate');
    expect((await archive.listActivities()).map((a) => a.activityId)).toContain(again.activityId);
  });
});
