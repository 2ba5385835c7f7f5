/**
 * What went wrong on a console's connection, in words for the log, and the close code that tells
 * the console. One table: the `ws` library's error codes for what a client sent.
 */
import { CLOSE_CODES, MAX_FRAME_BYTES } from '../../shared/wire';

interface SocketProblem {
  words: string;
  closeCode: number;
}

const BROKE_PROTOCOL = 'it broke the WebSocket protocol';

const WS_ERRORS: Record<string, SocketProblem> = {
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: {
    words: `it sent a message larger than ${MAX_FRAME_BYTES.toLocaleString('en-GB')} bytes (1 MiB), the most one message may carry`,
    closeCode: CLOSE_CODES.messageTooBig,
  },
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: {
    words: `it sent a message larger than ${MAX_FRAME_BYTES.toLocaleString('en-GB')} bytes (1 MiB), the most one message may carry`,
    closeCode: CLOSE_CODES.messageTooBig,
  },
  WS_ERR_TOO_MANY_BUFFERED_PARTS: { words: 'it sent a message in too many pieces', closeCode: CLOSE_CODES.policyViolation },
  WS_ERR_INVALID_UTF8: { words: 'it sent a text message that is not valid UTF-8', closeCode: CLOSE_CODES.invalidData },
  WS_ERR_INVALID_OPCODE: { words: `${BROKE_PROTOCOL} (an unknown frame type)`, closeCode: CLOSE_CODES.protocolError },
  WS_ERR_EXPECTED_MASK: { words: `${BROKE_PROTOCOL} (an unmasked frame)`, closeCode: CLOSE_CODES.protocolError },
  WS_ERR_UNEXPECTED_MASK: { words: `${BROKE_PROTOCOL} (a masked frame from the wrong side)`, closeCode: CLOSE_CODES.protocolError },
  WS_ERR_EXPECTED_FIN: { words: `${BROKE_PROTOCOL} (a fragmented control frame)`, closeCode: CLOSE_CODES.protocolError },
  WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH: { words: `${BROKE_PROTOCOL} (a control frame over 125 bytes)`, closeCode: CLOSE_CODES.protocolError },
  WS_ERR_INVALID_CLOSE_CODE: { words: `${BROKE_PROTOCOL} (an invalid close code)`, closeCode: CLOSE_CODES.protocolError },
  WS_ERR_UNEXPECTED_RSV_1: { words: `${BROKE_PROTOCOL} (a compressed frame, which this host does not accept)`, closeCode: CLOSE_CODES.protocolError },
  WS_ERR_UNEXPECTED_RSV_2_3: { words: `${BROKE_PROTOCOL} (reserved bits set)`, closeCode: CLOSE_CODES.protocolError },
};

/** Why a console's connection failed, and how to close it; anything not in the table is the host's own failure. */
export function socketProblem(error: unknown): SocketProblem {
  const code = (error as { code?: unknown } | null)?.code;
  const known = typeof code === 'string' ? WS_ERRORS[code] : undefined;
  if (known) return known;
  return { words: `its connection failed (${error instanceof Error ? error.message : String(error)})`, closeCode: CLOSE_CODES.internalError };
}
