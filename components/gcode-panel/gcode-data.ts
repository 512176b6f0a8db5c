// The G-Code dashboard shapes (PROTOCOL.md) and their checked readers, for frames and initial JSON.
import { asRecord, field, id, text } from '../internal/read.js';

/** The day's figures from `gcode_updated`. */
export interface GcodeData {
  date: string;
  /** 0-100. */
  g_code_score: number;
  intensity: string;
  themes: string[];
}

/** One note from `annotation_added`. */
export interface Annotation {
  id: string;
  date: string;
  note: string;
}

/** One item from `content_generated`. */
export interface GeneratedContent {
  id: string;
  platform: string;
  status: string;
}

/** The panel's whole state, also the shape of its initial `<script type="application/json">`. */
export interface GcodeState {
  gcode?: GcodeData;
  annotations: Annotation[];
  content: GeneratedContent[];
}

export function readGcode(value: unknown): GcodeData | undefined {
  const r = asRecord(value);
  if (!r) return undefined;
  const score = Number(field(r, 'g_code_score'));
  const themes = field(r, 'themes');
  return {
    date: text(field(r, 'date')),
    g_code_score: Number.isFinite(score) ? Math.min(100, Math.max(0, score)) : 0,
    intensity: text(field(r, 'intensity')),
    themes: Array.isArray(themes) ? themes.map((t) => text(t)).filter((t) => t !== '') : [],
  };
}

export function readAnnotation(value: unknown): Annotation | undefined {
  const r = asRecord(value);
  const key = r && id(field(r, 'id'));
  if (!r || key === undefined) return undefined;
  return { id: key, date: text(field(r, 'date')), note: text(field(r, 'note')) };
}

export function readContent(value: unknown): GeneratedContent | undefined {
  const r = asRecord(value);
  const key = r && id(field(r, 'id'));
  if (!r || key === undefined) return undefined;
  return { id: key, platform: text(field(r, 'platform')), status: text(field(r, 'status')) };
}

const list = <T>(value: unknown, read: (v: unknown) => T | undefined): T[] =>
  Array.isArray(value) ? value.map(read).filter((v): v is T => v !== undefined) : [];

/**
 * Reads the initial state: `{gcode, annotations, content}`, or a bare `gcode_updated` data
 * object. Throws a TypeError when the value is not an object.
 */
export function readInitialState(value: unknown): GcodeState {
  const r = asRecord(value);
  if (!r) throw new TypeError('initial state must be a JSON object');
  const gcodeField = field(r, 'gcode');
  const gcode =
    gcodeField !== undefined
      ? readGcode(gcodeField)
      : field(r, 'g_code_score') !== undefined
        ? readGcode(r)
        : undefined;
  return {
    gcode,
    annotations: list(field(r, 'annotations'), readAnnotation),
    content: list(field(r, 'content'), readContent),
  };
}
