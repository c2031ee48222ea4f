/**
 * Child process of atomic.test.ts: rewrites argv[2] with writeJsonAtomic forever, alternating two
 * large documents, printing "writing" after the first whole write; the test kills it with SIGKILL.
 */
import { writeJsonAtomic } from '../../src/archive/atomic.js';

const big = (fill: string) => ({ fill, rows: Array.from({ length: 20_000 }, (_, i) => ({ i, text: fill.repeat(20) })) });
const documents = [big('a'), big('b')];
await writeJsonAtomic(process.argv[2], documents[0]);
process.stdout.write('writing\n');
for (let n = 1; ; n++) await writeJsonAtomic(process.argv[2], documents[n % 2]);
