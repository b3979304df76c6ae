/**
 * A real SMTP server on 127.0.0.1 (smtp-server) that keeps every message it
 * receives, and a small MIME reader so that tests can check subjects, bodies
 * and attachments as a mail client would show them.
 */
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

/** A message as received. */
export interface ReceivedMail {
  from: string
  to: string[]
  raw: string
}

/** A running SMTP sink. */
export interface SmtpSink {
  port: number
  messages: ReceivedMail[]
  close(): Promise<void>
}

/** Starts an SMTP sink; with `credentials`, it demands AUTH PLAIN/LOGIN with them. */
export async function startSmtpSink(credentials?: {
  user: string
  password: string
}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = []
  const server = new SMTPServer({
    disabledCommands: credentials ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !credentials,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (
        credentials &&
        auth.username === credentials.user &&
        auth.password === credentials.password
      ) {
        return callback(null, { user: auth.username })
      }
      return callback(new Error('Invalid username or password'))
    },
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@refused.example'))
        return callback(new Error('Mailbox unavailable'))
      return callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.server.address() as AddressInfo
  return {
    port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A MIME part: decoded headers and body, and its sub-parts. */
export interface MimePart {
  headers: Record<string, string>
  /** The decoded body (text for text parts, bytes as latin1 otherwise). */
  body: Buffer
  parts: MimePart[]
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?...?=`, `=?UTF-8?Q?...?=`). */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_word, _charset: string, encoding: string, text: string) =>
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64').toString('utf8')
          : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8')
    )
}

function decodeQuotedPrintable(text: string): Buffer {
  const cleaned = text.replace(/=\r?\n/g, '')
  const bytes: number[] = []
  for (let index = 0; index < cleaned.length; index++) {
    if (cleaned[index] === '=' && /^[0-9A-Fa-f]{2}$/.test(cleaned.slice(index + 1, index + 3))) {
      bytes.push(Number.parseInt(cleaned.slice(index + 1, index + 3), 16))
      index += 2
    } else bytes.push(...Buffer.from(cleaned[index], 'utf8'))
  }
  return Buffer.from(bytes)
}

/** Parses a raw message into its MIME tree. */
export function parseMime(raw: string): MimePart {
  const split = raw.search(/\r?\n\r?\n/)
  const headerText = split < 0 ? raw : raw.slice(0, split)
  const bodyText = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '')
  const headers: Record<string, string> = {}
  for (const line of headerText.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim())
  }
  const type = headers['content-type'] ?? 'text/plain'
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1]
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    const parts = bodyText
      .split(`--${boundary}`)
      .slice(1)
      .filter((part) => !part.startsWith('--'))
      .map((part) => parseMime(part.replace(/^\r?\n/, '').replace(/\r?\n$/, '')))
    return { headers, body: Buffer.alloc(0), parts }
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase()
  const body =
    encoding === 'base64'
      ? Buffer.from(bodyText.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(bodyText)
        : Buffer.from(bodyText, 'utf8')
  return { headers, body, parts: [] }
}

/** Every leaf part of a MIME tree. */
export function leafParts(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leafParts)
}
