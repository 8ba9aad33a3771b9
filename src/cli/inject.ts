// `keyhold inject`: a template's {{ keyhold://… }} replaced by their values, written to a 0600 file
// or to stdout. Nothing is written unless every reference resolved.
import { readFileSync } from 'node:fs';
import { parseReference, TEMPLATE_REFERENCE } from '../shared/cli-references';
import { usageError } from './exit-codes';
import type { KeyholdClient } from './keyhold-client';
import { writePrivateFile } from './private-file';

/** The distinct references of a template, in order (a malformed one is a usage error). */
export function templateReferences(template: string): string[] {
  const refs = new Set<string>();
  for (const [, ref] of template.matchAll(TEMPLATE_REFERENCE)) {
    const parsed = parseReference(ref!);
    if (!parsed.ok) throw usageError(`In the template: ${parsed.message}`);
    refs.add(ref!);
  }
  return [...refs];
}

export function fillTemplate(template: string, values: ReadonlyMap<string, string>): string {
  return template.replace(TEMPLATE_REFERENCE, (_, ref: string) => values.get(ref)!);
}

export async function inject(
  options: { input: string | null; output: string | null },
  keyhold: KeyholdClient,
  readStdin: () => Promise<string>,
): Promise<string | null> {
  let template: string;
  try {
    template = options.input === null ? await readStdin() : readFileSync(options.input, 'utf8');
  } catch (error) {
    throw usageError(`-i ${options.input}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}.`);
  }
  const refs = templateReferences(template);
  const values = new Map<string, string>();
  if (refs.length) {
    const answered = await keyhold.read('inject', refs);
    refs.forEach((ref, i) => values.set(ref, answered[i]!));
  }
  const text = fillTemplate(template, values);
  if (options.output === null) return text;
  try {
    writePrivateFile(options.output, text);
  } catch (error) {
    throw usageError(
      `-o ${options.output}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be written'}.`,
    );
  }
  return null;
}
