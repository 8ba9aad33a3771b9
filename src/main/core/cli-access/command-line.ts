// What Keyhold keeps of a program's command line (for the approval dialog, in memory). Arguments
// often carry secrets (`deploy --api-key=$(keyhold read …)`, `mysql -phunter2`,
// `psql postgres://u:pw@…`): every secret value Keyhold knows is hidden, and so is whatever
// follows a name that says it is one. The activity log keeps no argument at all (activity-log.ts).
import { REDACTED } from '../redaction';

const SECRET_NAME = String.raw`[\w.-]*(?:pass(?:word|wd|phrase)?|pwd|token|secret|key|auth|credential|cookie)[\w.-]*`;
/** `--password=x`, `TOKEN=x`, `api_key:x`, also inside a shell's `-c` script; not `keyhold://…`. */
const ASSIGNED = new RegExp(String.raw`((?:^|[\s'"])-{0,2}${SECRET_NAME}(?:=|:(?!/)))[^\s'"]+`, 'gi');
/** `scheme://user:password@host` */
const USERINFO = /([a-z][\w+.-]*:\/\/[^\s/:@'"]*):[^\s/@'"]+@/gi;
/** A flag whose value is the next argument: `--password x`, `-p x`. */
const FLAG = new RegExp(String.raw`^(?:-{1,2}${SECRET_NAME}|-p)$`, 'i');
/** MySQL's `-pPASSWORD`. */
const JOINED_P = /^-p(?=.)/;

/** Hides every secret value Keyhold holds (the log's redactor). */
export type HideKnown = (text: string) => string;

/** `args` with secrets replaced by the marker. */
export function maskArguments(args: readonly string[], hideKnown: HideKnown): string[] {
  return args.map((arg, index) => {
    if (index > 0 && FLAG.test(args[index - 1]!)) return REDACTED;
    if (JOINED_P.test(arg)) return `-p${REDACTED}`;
    return hideKnown(arg).replace(ASSIGNED, `$1${REDACTED}`).replace(USERINFO, `$1:${REDACTED}@`);
  });
}
