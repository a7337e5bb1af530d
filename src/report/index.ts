/** The report writers: pure renderers returning strings, and `writeReports` for files. */
export { renderScsYaml, naiveTimestamp, forcedVersionValue, type ScsYamlOptions } from './scs-yaml.js';
export { renderJson, toJsonReport, JSON_SCHEMA_VERSION, type JsonReport } from './json.js';
export { renderJunit } from './junit.js';
export { renderMarkdown } from './markdown.js';
export { renderBadges, renderShieldsEndpoint, badgeContent, type ShieldsEndpoint } from './badges.js';
export { renderConsole, type ConsoleOptions } from './console.js';
export { FORMATS, parseFormats, reportFileName, type Format } from './formats.js';
export { writeReports, type WriteOptions } from './write.js';
export { redactRun, redactArgv, redactAssignment, isSecretKey, REDACTED } from './redact.js';
