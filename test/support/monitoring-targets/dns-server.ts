import dgram from 'node:dgram';

/** The records of one name; a name present with no records of a type answers "no data" for that type. */
export interface DnsRecords {
  readonly A?: readonly string[];
  readonly AAAA?: readonly string[];
}

export interface DnsServer {
  /** `127.0.0.1:PORT`, for a resolver's server list. */
  readonly address: string;
  /** Queries received so far. */
  queries(): number;
  close(): Promise<void>;
}

const TYPE_A = 1;
const TYPE_AAAA = 28;

/**
 * A minimal authoritative DNS server over UDP on 127.0.0.1: answers A and AAAA from `zone`, NXDOMAIN for a
 * name it does not know, and nothing at all for a name in `silent` (a server that hangs).
 */
export async function startDnsServer(
  zone: Readonly<Record<string, DnsRecords>>,
  silent: readonly string[] = [],
): Promise<DnsServer> {
  let queries = 0;
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message, peer) => {
    queries += 1;
    const question = parseQuestion(message);
    if (question === null || silent.includes(question.name)) return;
    const records = zone[question.name];
    const addresses =
      records === undefined
        ? []
        : question.type === TYPE_A
          ? (records.A ?? [])
          : question.type === TYPE_AAAA
            ? (records.AAAA ?? [])
            : [];
    socket.send(answer(message, question, records === undefined, addresses), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    queries: () => queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

interface Question {
  readonly name: string;
  readonly type: number;
  /** Where the question section ends in the query. */
  readonly end: number;
}

function parseQuestion(message: Buffer): Question | null {
  if (message.length < 17) return null;
  const labels: string[] = [];
  let offset = 12;
  while (offset < message.length) {
    const length = message[offset] ?? 0;
    offset += 1;
    if (length === 0) break;
    if (length > 63) return null;
    labels.push(message.subarray(offset, offset + length).toString('latin1'));
    offset += length;
  }
  if (offset + 4 > message.length) return null;
  return { name: labels.join('.').toLowerCase(), type: message.readUInt16BE(offset), end: offset + 4 };
}

function answer(
  query: Buffer,
  question: Question,
  unknownName: boolean,
  addresses: readonly string[],
): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  header.writeUInt16BE(0x8180 | (unknownName ? 3 : 0), 2); // a response, recursion available, NOERROR or NXDOMAIN
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(addresses.length, 6);
  const records = addresses.map((address) => {
    const data = question.type === TYPE_A ? ipv4Bytes(address) : ipv6Bytes(address);
    const record = Buffer.alloc(12);
    record.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    record.writeUInt16BE(question.type, 2);
    record.writeUInt16BE(1, 4); // class IN
    record.writeUInt32BE(60, 6);
    record.writeUInt16BE(data.length, 10);
    return Buffer.concat([record, data]);
  });
  return Buffer.concat([header, query.subarray(12, question.end), ...records]);
}

function ipv4Bytes(address: string): Buffer {
  return Buffer.from(address.split('.').map(Number));
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail] = address.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const bytes = Buffer.alloc(16);
  all.forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2));
  return bytes;
}
