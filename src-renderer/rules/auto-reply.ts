// The server's old "Auto-reply" field, as the reply rule that does the same: a workspace or
// connection profile saved before rules replaced it keeps answering every message.
import { INPUT_FORMATS, type InputFormat, type Rule } from '$shared/contract.js';

/** The rule "Contains (empty: every message) -> Reply" for a saved form's auto-reply, or null without one. */
export function autoReplyRule(fields: Readonly<Record<string, string | boolean>>): Rule | null {
  const text = fields['autoReply'];
  if (typeof text !== 'string' || text === '') return null;
  const saved = fields['autoReplyFormat'];
  const format: InputFormat = (INPUT_FORMATS as readonly unknown[]).includes(saved) ? (saved as InputFormat) : 'text';
  return {
    enabled: true,
    when: 'contains',
    pattern: '',
    then: 'reply',
    // A $ was a plain character in the auto-reply; in a rule's reply it names a capture.
    reply: text.replaceAll('$', '$$$$'),
    format,
    lineEnding: 'none',
    delayMs: 0,
    expand: false,
  };
}
