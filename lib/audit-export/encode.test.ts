import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@/lib/kms/types';
import { auditCsvHeader, auditCsvRow, csvField } from './csv';
import { auditExportFilename, encodeAuditExport } from './encode';
import { auditJsonLine } from './json-lines';

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: 'a1',
    at: new Date('2030-01-02T03:04:05.678Z'),
    actorType: 'user',
    actorId: 'u1',
    actorName: 'ana@example.test',
    action: 'CreateKey',
    keyId: null,
    result: 'SUCCESS',
    errorCode: null,
    details: null,
    sourceAddress: '192.0.2.1',
    userAgent: 'Firefox',
    accessKeyId: null,
    via: 'console',
    ...overrides,
  };
}

/** A minimal RFC 4180 reader, to prove what a consumer gets back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += c;
  }
  return rows;
}

const HOSTILE = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tstart', '\rreturn', 'a "quoted" word', 'comma, here', 'line\nbreak', 'crlf\r\nin', 'ünïcødé ✓ 🔑 \u2028'];

describe('CSV export', () => {
  it('quotes per RFC 4180 and neutralises formula prefixes, and a reader gets every value back (with the quote mark)', () => {
    for (const value of HOSTILE) {
      const [[parsed]] = parseCsv(`${csvField(value)}\r\n`) as [[string]];
      expect(parsed).toBe(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
    }
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('a "b"')).toBe('"a ""b"""');
    expect(csvField('plain')).toBe('plain');
    expect(csvField(null)).toBe('');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  });

  it('writes a header and one CRLF-terminated row per record, details as JSON', () => {
    const header = auditCsvHeader();
    expect(header).toBe('id,at,actorType,actorId,actorName,action,keyId,result,errorCode,sourceAddress,userAgent,accessKeyId,via,details\r\n');
    const row = auditCsvRow(event({ actorName: '=HYPERLINK("http://evil")', userAgent: 'x,y\r\nz', details: { alias: 'a"b' } }));
    const parsed = parseCsv(header + row);
    expect(parsed).toHaveLength(2);
    expect(parsed[1]).toEqual([
      'a1',
      '2030-01-02T03:04:05.678Z',
      'user',
      'u1',
      `'=HYPERLINK("http://evil")`,
      'CreateKey',
      '',
      'SUCCESS',
      '',
      '192.0.2.1',
      'x,y\r\nz',
      '',
      'console',
      '{"alias":"a\\"b"}',
    ]);
  });
});

describe('JSON Lines export', () => {
  it('writes one line per record whatever the values hold, and reads back exactly', () => {
    const hostile = event({ actorName: HOSTILE.join('|'), userAgent: 'lone \ud800 surrogate', details: { note: 'a\nb' } });
    const line = auditJsonLine(hostile);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(/[\r\n]/);
    const parsed = JSON.parse(line);
    expect(parsed).toMatchObject({ actorName: HOSTILE.join('|'), details: { note: 'a\nb' }, at: '2030-01-02T03:04:05.678Z', keyId: null });
    // Lone surrogates are escaped, so the line is valid UTF-8.
    expect(line).toContain('\\ud800');
  });
});

describe('the export stream', () => {
  async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
    return new Response(stream).text();
  }

  async function* pages(...sizes: number[]) {
    let n = 0;
    for (const size of sizes) yield Array.from({ length: size }, () => event({ id: `e${++n}` }));
  }

  it('streams the header, then every page, in either format', async () => {
    const csv = await read(encodeAuditExport('csv', pages(2, 1)));
    expect(parseCsv(csv).map((row) => row[0])).toEqual(['id', 'e1', 'e2', 'e3']);
    const jsonl = await read(encodeAuditExport('jsonl', pages(2, 1)));
    expect(jsonl.trimEnd().split('\n').map((line) => JSON.parse(line).id)).toEqual(['e1', 'e2', 'e3']);
    expect(await read(encodeAuditExport('jsonl', pages()))).toBe('');
  });

  it('reads a page only when the reader wants more', async () => {
    let pulled = 0;
    async function* counted() {
      for (let i = 0; i < 100; i++) {
        pulled += 1;
        yield [event({ id: `p${i}` })];
      }
    }
    const reader = encodeAuditExport('jsonl', counted()).getReader();
    await reader.read();
    expect(pulled).toBeLessThan(5);
    await reader.cancel();
  });

  it('names the file by format and time', () => {
    expect(auditExportFilename('csv', new Date('2030-12-31T23:59:59.123Z'))).toBe('keyfort-audit-20301231T235959Z.csv');
  });
});
