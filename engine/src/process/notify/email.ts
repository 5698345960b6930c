import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';

/** The job that sends one email. */
export const EMAIL_JOB = 'loom-email';

/** One email, rendered when the notification was decided (in the recipient's locale). */
export interface EmailJob {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly locale: string;
}

export interface MailSettings {
  /** smtp:// or smtps:// URL of the mail server (credentials in it if it needs them). */
  readonly smtpUrl: string;
  /** The sender, `Loom <loom@example.com>`. */
  readonly from: string;
}

/**
 * Sends notification emails through SMTP, at most once per key as far as Loom can tell: the
 * key's sent-mark in `loom.emails_sent` is checked before and written after the send, so a
 * retried job (the queue delivers at least once) does not send again. Only a crash between
 * the server accepting the message and the mark being written sends it twice, and then with
 * the same Message-ID (made from the key), which lets mail systems drop the copy. The send is
 * not held inside a transaction: on embedded PGlite that would stop every other statement
 * while the mail server answers.
 */
export class EmailSender {
  readonly #transport: Transporter;
  readonly #settings: MailSettings;
  readonly #db: Kysely<any>;
  readonly #now: () => Date;

  constructor(settings: MailSettings, db: Kysely<any>, now: () => Date) {
    this.#settings = settings;
    this.#db = db;
    this.#now = now;
    this.#transport = nodemailer.createTransport(settings.smtpUrl);
  }

  async send(job: EmailJob & { key: string }): Promise<'sent' | 'already sent'> {
    const sent = await sql`select 1 from loom.emails_sent where key = ${job.key}`.execute(this.#db);
    if (sent.rows.length) return 'already sent';
    await this.#transport.sendMail({
      from: this.#settings.from,
      to: job.to,
      subject: job.subject,
      text: job.text,
      messageId: messageId(job.key, this.#settings.from),
      headers: { 'Content-Language': job.locale },
    });
    await sql`insert into loom.emails_sent (key, sent_at) values (${job.key}, ${this.#now()}) on conflict (key) do nothing`.execute(this.#db);
    return 'sent';
  }

  close(): void {
    this.#transport.close();
  }
}

/** The same key always gives the same Message-ID, under the sender's domain. */
export function messageId(key: string, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'loom.invalid';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;
}
