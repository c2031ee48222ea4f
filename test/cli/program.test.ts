/**
 * The lazy program (src/cli/program.ts): the index's names, terms and summaries are those the
 * command files declare, so the top-level help built from stubs is the help of the full program;
 * and the command word decides which module is loaded.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-index.js';
import { buildProgram, commandToLoad } from '../../src/cli/program.js';

const helpOf = (program: Awaited<ReturnType<typeof buildProgram>>) => {
  let text = '';
  program.configureOutput({ writeOut: (s) => (text += s) });
  program.outputHelp();
  return text;
};

describe('the command index', () => {
  it('matches every command file: the stub help is the full help', async () => {
    const full = await buildProgram([], { loadAll: true });
    const names = full.commands.map((c) => c.name()).filter((n) => n !== 'help');
    expect(names).toEqual(COMMANDS.map((c) => c.name));
    for (const descriptor of COMMANDS) {
      const command = full.commands.find((c) => c.name() === descriptor.name)!;
      expect(command.description(), descriptor.name).toBe(descriptor.summary);
    }
    const lazy = await buildProgram(['--help']);
    expect(lazy.commands.every((c) => c.options.length === 0)).toBe(true);
    expect(helpOf(lazy)).toBe(helpOf(full));
  }, 60_000);

  it('loads the command named by the first word that is not a global flag, and the one `help` names', () => {
    expect(commandToLoad(['status', '--json'])?.name).toBe('status');
    expect(commandToLoad(['--verbose', 'pull', '--days', '3'])?.name).toBe('pull');
    expect(commandToLoad(['help', 'import'])?.name).toBe('import');
    expect(commandToLoad(['help', 'exit-codes'])).toBeUndefined();
    expect(commandToLoad(['--help', 'status'])).toBeUndefined();
    expect(commandToLoad(['--version'])).toBeUndefined();
    expect(commandToLoad([])).toBeUndefined();
    expect(commandToLoad(['frobnicate'])).toBeUndefined();
  });
});
