/**
 * Sending a file, as the API grants it: declare it (name, size, type), POST
 * the granted form's fields and the bytes straight to storage (S3's presigned
 * POST, or the local run's store) with progress, then confirm. The coach's
 * Files tab and the client's portal share it; only who declares and confirms
 * differs. The API holds the limits (25 MB, the accepted types): its
 * refusals become sentences here.
 */
import { t } from './i18n.js';
import { ApiError } from './api.js';
import { formatNumber } from './format.js';

const KB = 1024;
const MB = 1024 * 1024;
// What a file picker offers first; the API's list decides (a type it refuses is said in words).
export const ACCEPT = [
  'application/pdf', 'image/*', 'text/plain', 'text/csv', '.doc', '.docx', '.xls', '.xlsx', '.ppt', '.pptx',
  '.odt', '.ods', '.zip', 'audio/mpeg', 'audio/mp4', 'video/mp4',
].join(',');

/** A size as a person reads it: "820 o", "14 Ko", "3,2 Mo" (in English: B, KB, MB). */
export function fileSize(bytes) {
  const n = Number(bytes) || 0;
  if (n < KB) return t('files.bytes', { n: formatNumber(n) });
  if (n < MB) return t('files.kilobytes', { n: formatNumber(Math.round(n / KB)) });
  return t('files.megabytes', { n: formatNumber(Math.round((n / MB) * 10) / 10) });
}

/** Whether the API gives this type a preview (SVG excepted: it can carry script). */
export function isImage(type) {
  return String(type || '').startsWith('image/') && !String(type).includes('svg');
}

const KINDS = [
  [/^image\//, 'image'], [/pdf$/, 'pdf'], [/^video\//, 'video'], [/^audio\//, 'audio'], [/zip/, 'archive'],
  [/(spreadsheet|excel|csv)/, 'sheet'], [/(presentation|powerpoint)/, 'slides'], [/(word|opendocument\.text|^text\/)/, 'text'],
];

/** The kind of a content type in words ("PDF", "Image", "Spreadsheet"…). */
export function typeLabel(type) {
  const found = KINDS.find(([pattern]) => pattern.test(String(type || '')));
  return t(`files.kind.${found ? found[1] : 'other'}`);
}

/** The sentence for a refused upload: too large, a type not accepted, or the API's own words. */
export function uploadRefusal(error) {
  if (error && (error.status === 413 || error.code === 'file_too_large')) return t('files.tooLarge');
  if (error && ['type_not_allowed', 'type_mismatch'].includes(error.code)) return t('files.typeRefused');
  if (error && error.status === 400 && error.details && error.details.type) return t('files.typeRefused');
  return null;
}

/** POSTs the granted form and the bytes to storage; `onProgress(fraction)` as they go. */
function post(upload, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields || {})) form.append(name, value);
    form.append('file', file);
    const request = new XMLHttpRequest();
    request.open('POST', upload.url);
    request.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    });
    request.addEventListener('load', () => {
      if (request.status >= 200 && request.status < 300) resolve();
      else reject(new ApiError(request.status, request.status === 413 ? 'file_too_large' : 'upload_refused', ''));
    });
    request.addEventListener('error', () => reject(new ApiError(0, 'network_error', '')));
    request.send(form);
  });
}

/**
 * Sends `file`: `declare(body)` answers {file, upload}, `confirm(id)` the stored file.
 * :raise ApiError: the declaration, the storage or the confirmation refused it.
 */
export async function sendFile(file, { declare, confirm, onProgress }) {
  // A type the browser cannot name is declared as bytes: the API then refuses it in words.
  const granted = await declare({ name: file.name, size: file.size, type: file.type || 'application/octet-stream' });
  await post(granted.upload, file, onProgress);
  return confirm(granted.file.id);
}
