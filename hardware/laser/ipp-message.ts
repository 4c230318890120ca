/**
 * IPP/1.1 messages (RFC 8010): the binary body of a request or response.
 *
 *   version (2) | operation-id or status-code (2) | request-id (4)
 *   { delimiter tag (1) { value tag (1) | name length (2) | name | value length (2) | value }* }*
 *   end-of-attributes tag (1) | document data
 *
 * Hand-written because no well-kept IPP package for Node is installed here (the npm
 * `ipp` package has been unmaintained for years) and the kiosk needs only four
 * operations; the encoding itself is small and fixed by the RFC.
 *
 * The decoder takes bytes from the network: anything it cannot make sense of ends in
 * an IppDecodeError, never in another exception or an endless loop.
 */

export const DELIMITER_TAG = {
  operation: 0x01,
  job: 0x02,
  end: 0x03,
  printer: 0x04,
  unsupported: 0x05,
} as const;

export const VALUE_TAG = {
  unsupported: 0x10,
  unknown: 0x12,
  noValue: 0x13,
  integer: 0x21,
  boolean: 0x22,
  enum: 0x23,
  octetString: 0x30,
  dateTime: 0x31,
  resolution: 0x32,
  rangeOfInteger: 0x33,
  begCollection: 0x34,
  textWithLanguage: 0x35,
  nameWithLanguage: 0x36,
  endCollection: 0x37,
  textWithoutLanguage: 0x41,
  nameWithoutLanguage: 0x42,
  keyword: 0x44,
  uri: 0x45,
  uriScheme: 0x46,
  charset: 0x47,
  naturalLanguage: 0x48,
  mimeMediaType: 0x49,
  memberAttrName: 0x4a,
} as const;

export type IppValue =
  /** unsupported, unknown, no-value and the other out-of-band tags 0x10-0x1F. */
  | { readonly kind: 'out-of-band'; readonly tag: number }
  /** integer and enum. */
  | { readonly kind: 'integer'; readonly tag: number; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  /** text, name, keyword, uri, charset, naturalLanguage, mimeMediaType … (tags 0x40-0x5F). */
  | { readonly kind: 'string'; readonly tag: number; readonly value: string }
  | { readonly kind: 'string-with-language'; readonly tag: number; readonly language: string; readonly value: string }
  | { readonly kind: 'date'; readonly value: Date }
  | { readonly kind: 'resolution'; readonly cross: number; readonly feed: number; readonly units: number }
  | { readonly kind: 'range'; readonly lower: number; readonly upper: number }
  | { readonly kind: 'collection'; readonly members: readonly IppAttribute[] }
  /** octetString and every tag this codec does not interpret, kept as bytes. */
  | { readonly kind: 'octets'; readonly tag: number; readonly value: Uint8Array };

export interface IppAttribute {
  readonly name: string;
  readonly values: readonly IppValue[];
}

export interface IppGroup {
  readonly tag: number;
  readonly attributes: readonly IppAttribute[];
}

export interface IppMessage {
  readonly version: readonly [major: number, minor: number];
  /** operation-id in a request, status-code in a response. */
  readonly code: number;
  readonly requestId: number;
  readonly groups: readonly IppGroup[];
  /** What follows end-of-attributes: the document of a Print-Job. */
  readonly data: Uint8Array;
}

export class IppDecodeError extends Error {
  constructor(
    message: string,
    /** Byte offset where decoding stopped. */
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
    this.name = 'IppDecodeError';
  }
}

/** Collections nest (media-col → media-size …); real printers go three deep. */
export const MAX_COLLECTION_DEPTH = 16;

/** Values the kiosk sends, spelt out once. */
export const ipp = {
  integer: (value: number): IppValue => ({ kind: 'integer', tag: VALUE_TAG.integer, value }),
  enum: (value: number): IppValue => ({ kind: 'integer', tag: VALUE_TAG.enum, value }),
  boolean: (value: boolean): IppValue => ({ kind: 'boolean', value }),
  keyword: (value: string): IppValue => ({ kind: 'string', tag: VALUE_TAG.keyword, value }),
  name: (value: string): IppValue => ({ kind: 'string', tag: VALUE_TAG.nameWithoutLanguage, value }),
  text: (value: string): IppValue => ({ kind: 'string', tag: VALUE_TAG.textWithoutLanguage, value }),
  uri: (value: string): IppValue => ({ kind: 'string', tag: VALUE_TAG.uri, value }),
  charset: (value: string): IppValue => ({ kind: 'string', tag: VALUE_TAG.charset, value }),
  naturalLanguage: (value: string): IppValue => ({ kind: 'string', tag: VALUE_TAG.naturalLanguage, value }),
  mimeMediaType: (value: string): IppValue => ({ kind: 'string', tag: VALUE_TAG.mimeMediaType, value }),
};

// ---------------------------------------------------------------------------------
// Reading attributes out of a decoded message

export function findAttribute(message: IppMessage, groupTag: number, name: string): IppAttribute | undefined {
  for (const group of message.groups) {
    if (group.tag !== groupTag) continue;
    const found = group.attributes.find((attribute) => attribute.name === name);
    if (found) return found;
  }
  return undefined;
}

/** The first integer or enum value, if the attribute has one. */
export function integerValue(attribute: IppAttribute | undefined): number | undefined {
  const value = attribute?.values[0];
  return value?.kind === 'integer' ? value.value : undefined;
}

export function booleanValue(attribute: IppAttribute | undefined): boolean | undefined {
  const value = attribute?.values[0];
  return value?.kind === 'boolean' ? value.value : undefined;
}

/** Every string value (keywords of a 1setOf, or a single text). */
export function stringValues(attribute: IppAttribute | undefined): string[] {
  const strings: string[] = [];
  for (const value of attribute?.values ?? []) {
    if (value.kind === 'string' || value.kind === 'string-with-language') strings.push(value.value);
  }
  return strings;
}

// ---------------------------------------------------------------------------------
// Encoding

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

class ByteWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  u8(value: number): void {
    this.bytes(Uint8Array.of(value & 0xff));
  }

  u16(value: number): void {
    this.bytes(Uint8Array.of((value >> 8) & 0xff, value & 0xff));
  }

  u32(value: number): void {
    const chunk = new Uint8Array(4);
    new DataView(chunk.buffer).setUint32(0, value >>> 0);
    this.bytes(chunk);
  }

  i32(value: number): void {
    const chunk = new Uint8Array(4);
    new DataView(chunk.buffer).setInt32(0, value);
    this.bytes(chunk);
  }

  bytes(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** A 2-byte length followed by the bytes. */
  counted(chunk: Uint8Array, what: string): void {
    if (chunk.length > 0xffff) throw new RangeError(`IPP ${what} is ${chunk.length} bytes; at most 65535 fit`);
    this.u16(chunk.length);
    this.bytes(chunk);
  }

  result(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

function checkInt32(value: number, what: string): void {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
    throw new RangeError(`IPP ${what} ${value} is not a signed 32-bit integer`);
  }
}

function valueTagOf(value: IppValue): number {
  switch (value.kind) {
    case 'boolean':
      return VALUE_TAG.boolean;
    case 'date':
      return VALUE_TAG.dateTime;
    case 'resolution':
      return VALUE_TAG.resolution;
    case 'range':
      return VALUE_TAG.rangeOfInteger;
    case 'collection':
      return VALUE_TAG.begCollection;
    default:
      return value.tag;
  }
}

function encodeDate(date: Date): Uint8Array {
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 0 || year > 0xffff) throw new RangeError(`IPP dateTime cannot hold ${String(date)}`);
  const view = new DataView(new ArrayBuffer(11));
  view.setUint16(0, year);
  view.setUint8(2, date.getUTCMonth() + 1);
  view.setUint8(3, date.getUTCDate());
  view.setUint8(4, date.getUTCHours());
  view.setUint8(5, date.getUTCMinutes());
  view.setUint8(6, date.getUTCSeconds());
  view.setUint8(7, Math.floor(date.getUTCMilliseconds() / 100));
  view.setUint8(8, 0x2b); // '+' 00:00, i.e. UTC
  return new Uint8Array(view.buffer);
}

function encodeValueBytes(value: Exclude<IppValue, { kind: 'collection' }>): Uint8Array {
  switch (value.kind) {
    case 'out-of-band':
      return new Uint8Array(0);
    case 'integer': {
      checkInt32(value.value, 'integer');
      const w = new ByteWriter();
      w.i32(value.value);
      return w.result();
    }
    case 'boolean':
      return Uint8Array.of(value.value ? 1 : 0);
    case 'string':
      return utf8.encode(value.value);
    case 'string-with-language': {
      const w = new ByteWriter();
      w.counted(utf8.encode(value.language), 'language');
      w.counted(utf8.encode(value.value), 'text');
      return w.result();
    }
    case 'date':
      return encodeDate(value.value);
    case 'resolution': {
      checkInt32(value.cross, 'resolution');
      checkInt32(value.feed, 'resolution');
      const w = new ByteWriter();
      w.i32(value.cross);
      w.i32(value.feed);
      w.u8(value.units);
      return w.result();
    }
    case 'range': {
      checkInt32(value.lower, 'range');
      checkInt32(value.upper, 'range');
      const w = new ByteWriter();
      w.i32(value.lower);
      w.i32(value.upper);
      return w.result();
    }
    case 'octets':
      return value.value;
  }
}

/** Tags with a structural meaning cannot be forced onto a value. */
function checkValueTag(tag: number, kind: IppValue['kind']): void {
  const structural = tag === VALUE_TAG.begCollection || tag === VALUE_TAG.endCollection || tag === VALUE_TAG.memberAttrName;
  if (!Number.isInteger(tag) || tag < 0x10 || tag > 0xff || (structural && kind !== 'collection')) {
    throw new RangeError(`IPP value tag 0x${tag.toString(16)} cannot carry a ${kind} value`);
  }
}

function writeValue(w: ByteWriter, name: string, value: IppValue, depth: number): void {
  const tag = valueTagOf(value);
  checkValueTag(tag, value.kind);
  w.u8(tag);
  w.counted(utf8.encode(name), 'attribute name');
  if (value.kind !== 'collection') {
    w.counted(encodeValueBytes(value), `value of ${name || 'an attribute'}`);
    return;
  }
  if (depth >= MAX_COLLECTION_DEPTH) throw new RangeError(`IPP collections nest at most ${MAX_COLLECTION_DEPTH} deep`);
  w.u16(0);
  for (const member of value.members) {
    w.u8(VALUE_TAG.memberAttrName);
    w.u16(0);
    w.counted(utf8.encode(member.name), 'member name');
    writeValues(w, member, depth + 1, true);
  }
  w.u8(VALUE_TAG.endCollection);
  w.u16(0);
  w.u16(0);
}

/** The first value carries the name; further values of a 1setOf carry an empty one. */
function writeValues(w: ByteWriter, attribute: IppAttribute, depth: number, inCollection: boolean): void {
  if (attribute.values.length === 0) throw new RangeError(`IPP attribute ${attribute.name} has no value`);
  if (!inCollection && attribute.name.length === 0) throw new RangeError('IPP attribute without a name');
  attribute.values.forEach((value, i) => writeValue(w, i === 0 && !inCollection ? attribute.name : '', value, depth));
}

export function encodeIppMessage(message: IppMessage): Uint8Array {
  const w = new ByteWriter();
  w.u8(message.version[0]);
  w.u8(message.version[1]);
  w.u16(message.code);
  w.u32(message.requestId);
  for (const group of message.groups) {
    if (!Number.isInteger(group.tag) || group.tag < 0x01 || group.tag > 0x0f || group.tag === DELIMITER_TAG.end) {
      throw new RangeError(`IPP group tag 0x${group.tag.toString(16)} is not an attribute group`);
    }
    w.u8(group.tag);
    for (const attribute of group.attributes) writeValues(w, attribute, 0, false);
  }
  w.u8(DELIMITER_TAG.end);
  w.bytes(message.data);
  return w.result();
}

// ---------------------------------------------------------------------------------
// Decoding

class ByteReader {
  offset = 0;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(message: string, at = this.offset): never {
    throw new IppDecodeError(message, at);
  }

  private need(count: number, what: string): void {
    if (this.offset + count > this.bytes.length) {
      this.fail(`message ends inside ${what}: ${count} bytes needed, ${this.bytes.length - this.offset} left`);
    }
  }

  u8(what: string): number {
    this.need(1, what);
    return this.view.getUint8(this.offset++);
  }

  u16(what: string): number {
    this.need(2, what);
    const value = this.view.getUint16(this.offset);
    this.offset += 2;
    return value;
  }

  u32(what: string): number {
    this.need(4, what);
    const value = this.view.getUint32(this.offset);
    this.offset += 4;
    return value;
  }

  take(count: number, what: string): Uint8Array {
    this.need(count, what);
    const chunk = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return chunk;
  }

  /** A 2-byte length followed by that many bytes. */
  counted(what: string): Uint8Array {
    return this.take(this.u16(`length of ${what}`), what);
  }

  rest(): Uint8Array {
    const chunk = this.bytes.subarray(this.offset);
    this.offset = this.bytes.length;
    return chunk;
  }
}

const text = (bytes: Uint8Array) => utf8Decoder.decode(bytes);

function fixedSize(r: ByteReader, bytes: Uint8Array, size: number, what: string, start: number): DataView {
  if (bytes.length !== size) r.fail(`${what} value has ${bytes.length} bytes, expected ${size}`, start);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function decodeDate(view: DataView): Date {
  const sign = view.getUint8(8) === 0x2d ? -1 : 1;
  const offsetMinutes = sign * (view.getUint8(9) * 60 + view.getUint8(10));
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(view.getUint16(0), view.getUint8(2) - 1, view.getUint8(3));
  date.setUTCHours(view.getUint8(4), view.getUint8(5), view.getUint8(6), view.getUint8(7) * 100);
  return new Date(date.getTime() - offsetMinutes * 60_000);
}

/** Reads one value's bytes (the tag and name are already read) and, for a collection, its members. */
function readValue(r: ByteReader, tag: number, depth: number): IppValue {
  const start = r.offset;
  const bytes = r.counted('a value');
  if (tag >= 0x10 && tag <= 0x1f) return { kind: 'out-of-band', tag };
  switch (tag) {
    case VALUE_TAG.integer:
    case VALUE_TAG.enum:
      return { kind: 'integer', tag, value: fixedSize(r, bytes, 4, 'integer', start).getInt32(0) };
    case VALUE_TAG.boolean:
      return { kind: 'boolean', value: fixedSize(r, bytes, 1, 'boolean', start).getUint8(0) !== 0 };
    case VALUE_TAG.dateTime:
      return { kind: 'date', value: decodeDate(fixedSize(r, bytes, 11, 'dateTime', start)) };
    case VALUE_TAG.resolution: {
      const view = fixedSize(r, bytes, 9, 'resolution', start);
      return { kind: 'resolution', cross: view.getInt32(0), feed: view.getInt32(4), units: view.getUint8(8) };
    }
    case VALUE_TAG.rangeOfInteger: {
      const view = fixedSize(r, bytes, 8, 'rangeOfInteger', start);
      return { kind: 'range', lower: view.getInt32(0), upper: view.getInt32(4) };
    }
    case VALUE_TAG.begCollection:
      return readCollection(r, depth + 1);
    case VALUE_TAG.textWithLanguage:
    case VALUE_TAG.nameWithLanguage: {
      const inner = new ByteReader(bytes);
      try {
        const language = text(inner.counted('language'));
        const value = text(inner.counted('text'));
        if (inner.offset !== bytes.length) inner.fail('bytes left after the text');
        return { kind: 'string-with-language', tag, language, value };
      } catch (error) {
        return r.fail(`bad ${tag === VALUE_TAG.textWithLanguage ? 'textWithLanguage' : 'nameWithLanguage'}: ${(error as Error).message}`, start);
      }
    }
    case VALUE_TAG.endCollection:
    case VALUE_TAG.memberAttrName:
      return r.fail(`tag 0x${tag.toString(16)} outside a collection`, start - 3);
  }
  if (tag >= 0x40 && tag <= 0x5f) return { kind: 'string', tag, value: text(bytes) };
  return { kind: 'octets', tag, value: bytes.slice() };
}

function readCollection(r: ByteReader, depth: number): IppValue {
  if (depth > MAX_COLLECTION_DEPTH) r.fail(`collections nested deeper than ${MAX_COLLECTION_DEPTH}`);
  const members: { name: string; values: IppValue[] }[] = [];
  for (;;) {
    const tagAt = r.offset;
    const tag = r.u8('a collection member tag');
    if (tag <= 0x0f) r.fail(`collection not closed before delimiter tag 0x${tag.toString(16)}`, tagAt);
    if (r.counted('a member name').length !== 0) r.fail('collection member with a name of its own', tagAt);
    if (tag === VALUE_TAG.endCollection) {
      r.counted('endCollection value');
      return { kind: 'collection', members };
    }
    if (tag === VALUE_TAG.memberAttrName) {
      members.push({ name: text(r.counted('memberAttrName')), values: [] });
      continue;
    }
    const member = members[members.length - 1];
    if (!member) r.fail('collection value before any memberAttrName', tagAt);
    member.values.push(readValue(r, tag, depth));
  }
}

export function decodeIppMessage(bytes: Uint8Array): IppMessage {
  const r: ByteReader = new ByteReader(bytes);
  const version = [r.u8('the version'), r.u8('the version')] as const;
  const code = r.u16('the operation or status code');
  const requestId = r.u32('the request id');
  const groups: { tag: number; attributes: { name: string; values: IppValue[] }[] }[] = [];
  for (;;) {
    const tagAt = r.offset;
    const tag = r.u8('a tag (no end-of-attributes)');
    if (tag === DELIMITER_TAG.end) break;
    if (tag === 0x00) r.fail('reserved delimiter tag 0x00', tagAt);
    if (tag <= 0x0f) {
      groups.push({ tag, attributes: [] });
      continue;
    }
    const group = groups[groups.length - 1];
    if (!group) r.fail('attribute before any attribute group', tagAt);
    const name = text(r.counted('an attribute name'));
    const value = readValue(r, tag, 0);
    if (name.length > 0) {
      group.attributes.push({ name, values: [value] });
      continue;
    }
    const previous = group.attributes[group.attributes.length - 1];
    if (!previous) r.fail('additional value without an attribute', tagAt);
    previous.values.push(value);
  }
  return { version, code, requestId, groups, data: r.rest() };
}
