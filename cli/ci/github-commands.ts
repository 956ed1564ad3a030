/**
 * GitHub Actions workflow commands (`::error file=...,line=N::message`), escaped as the
 * actions/toolkit does it: in the message only `%`, CR and LF; in a property value also `:`
 * and `,` (they separate the properties). Escaping `:` in the message showed up as `%3A`.
 */

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** The annotation's optional properties, as GitHub names them. */
export interface AnnotationProperties {
  title?: string;
  /** A path relative to the repository root, so GitHub can link the annotation to the file. */
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line, without the trailing newline. */
export function workflowCommand(command: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

export function annotation(level: AnnotationLevel, message: string, properties: AnnotationProperties = {}): string {
  return workflowCommand(level, { ...properties }, message);
}
