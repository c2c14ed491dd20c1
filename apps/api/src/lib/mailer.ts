import { connect, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type { FastifyBaseLogger } from 'fastify';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative of `text`. */
  html?: string;
  /** Extra headers (e.g. List-Unsubscribe). */
  headers?: Record<string, string>;
}
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

type SocketCallback = (err: Error | null, socket?: { connection: Socket }) => void;

/**
 * Opens the TCP connection for nodemailer with Nagle's algorithm off: without it, every message body waits for
 * the server's delayed ACK (~40 ms per e-mail). TLS (smtps, STARTTLS) is still negotiated by nodemailer on top.
 */
function getSocket(options: { host?: string; port?: number; secure?: boolean }, callback: SocketCallback): void {
  const socket = connect(Number(options.port) || (options.secure ? 465 : 587), options.host ?? 'localhost');
  socket.setNoDelay(true);
  const onError = (err: Error) => callback(err);
  socket.once('error', onError);
  socket.once('connect', () => {
    socket.removeListener('error', onError);
    callback(null, { connection: socket });
  });
}

/**
 * SMTP when a URL is configured; otherwise mails are written to the log (development). A plain server without
 * STARTTLS (a local relay) is reached with `?ignoreTLS=true` in the URL; `?pool=true` keeps connections open.
 */
export function createMailer(opts: { smtpUrl?: string; from: string; log: FastifyBaseLogger }): Mailer {
  if (!opts.smtpUrl) {
    return {
      async send(mail) {
        opts.log.info({ mail: { from: opts.from, ...mail } }, 'e-mail not sent (SMTP_URL unset): written to the log');
      },
    };
  }
  const transport = nodemailer.createTransport({ ...parseConnectionUrl(opts.smtpUrl), getSocket } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(mail) {
      await transport.sendMail({ from: opts.from, ...mail });
    },
  };
}
