import { type Api, InputFile } from 'grammy';

/** Largest photo the desk takes (Telegram allows 10 MB for a photo; a briefing needs far less). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** The image type of a file by its first bytes (never by its name or the browser's word). */
export function imageType(b: Uint8Array): 'jpeg' | 'png' | 'webp' | undefined {
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length > 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return undefined;
}

/** Stores a photo where the bot can send it again: Telegram itself, answering its file id. */
export type PhotoUploader = (
  userId: number,
  bytes: Uint8Array,
  type: 'jpeg' | 'png' | 'webp',
) => Promise<string>;

/**
 * Uploads through the bot into the editor's own chat (silently), keeps the file id of the largest size
 * Telegram made, and deletes that message: the photo then lives at Telegram, and every delivery sends it
 * by file id, with nothing kept in Redis but the id.
 */
export function telegramPhotoUploader(api: Api): PhotoUploader {
  return async (userId, bytes, type) => {
    const msg = await api.sendPhoto(
      userId,
      new InputFile(bytes, `desk-photo.${type === 'jpeg' ? 'jpg' : type}`),
      {
        disable_notification: true,
      },
    );
    const largest = msg.photo?.at(-1);
    if (!largest) throw new Error('Telegram kept no photo from the upload');
    await api.deleteMessage(userId, msg.message_id).catch(() => undefined);
    return largest.file_id;
  };
}
