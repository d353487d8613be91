// IBM037 (EBCDIC, US/Canada) as a 256-character table for iconv-lite's single-byte codec, which
// has no EBCDIC code page of its own. Generated from Python's cp037 codec (itself generated from
// the Unicode consortium's mapping file VENDORS/MICSFT/EBCDIC/CP037.TXT), not typed by hand:
//   python3 -c "print(bytes(range(256)).decode('cp037'))"
// The test suite checks it against fixtures (Hello = C8 85 93 93 96).

export const IBM037_CHARS =
  '\u0000\u0001\u0002\u0003\u009C\u0009\u0086\u007F\u0097\u008D\u008E\u000B\u000C\u000D\u000E\u000F' + // 00
  '\u0010\u0011\u0012\u0013\u009D\u0085\u0008\u0087\u0018\u0019\u0092\u008F\u001C\u001D\u001E\u001F' + // 10
  '\u0080\u0081\u0082\u0083\u0084\u000A\u0017\u001B\u0088\u0089\u008A\u008B\u008C\u0005\u0006\u0007' + // 20
  '\u0090\u0091\u0016\u0093\u0094\u0095\u0096\u0004\u0098\u0099\u009A\u009B\u0014\u0015\u009E\u001A' + // 30
  ' \u00A0\u00E2\u00E4\u00E0\u00E1\u00E3\u00E5\u00E7\u00F1\u00A2.<(+|' + // 40
  '&\u00E9\u00EA\u00EB\u00E8\u00ED\u00EE\u00EF\u00EC\u00DF!$*);\u00AC' + // 50
  '-/\u00C2\u00C4\u00C0\u00C1\u00C3\u00C5\u00C7\u00D1\u00A6,%_>?' + // 60
  '\u00F8\u00C9\u00CA\u00CB\u00C8\u00CD\u00CE\u00CF\u00CC`:#@\u0027="' + // 70
  '\u00D8abcdefghi\u00AB\u00BB\u00F0\u00FD\u00FE\u00B1' + // 80
  '\u00B0jklmnopqr\u00AA\u00BA\u00E6\u00B8\u00C6\u00A4' + // 90
  '\u00B5~stuvwxyz\u00A1\u00BF\u00D0\u00DD\u00DE\u00AE' + // A0
  '^\u00A3\u00A5\u00B7\u00A9\u00A7\u00B6\u00BC\u00BD\u00BE[]\u00AF\u00A8\u00B4\u00D7' + // B0
  '{ABCDEFGHI\u00AD\u00F4\u00F6\u00F2\u00F3\u00F5' + // C0
  '}JKLMNOPQR\u00B9\u00FB\u00FC\u00F9\u00FA\u00FF' + // D0
  '\u005C\u00F7STUVWXYZ\u00B2\u00D4\u00D6\u00D2\u00D3\u00D5' + // E0
  '0123456789\u00B3\u00DB\u00DC\u00D9\u00DA\u009F'; // F0
