// Types for the parts of the dns-packet package the cluster DNS uses (it ships none).
declare module 'dns-packet' {
  export interface Question {
    type: string;
    name: string;
    class?: string;
  }
  export interface Answer {
    type: string;
    name: string;
    ttl?: number;
    class?: string;
    data: unknown;
    flush?: boolean;
  }
  export interface Packet {
    id?: number;
    type?: 'query' | 'response';
    flags?: number;
    rcode?: string;
    questions?: Question[];
    answers?: Answer[];
    authorities?: Answer[];
    additionals?: Answer[];
  }
  export function encode(packet: Packet): Buffer;
  export function decode(buf: Buffer): Packet;
  export function streamEncode(packet: Packet): Buffer;
  export function streamDecode(buf: Buffer): Packet;
  export const RECURSION_DESIRED: number;
  export const RECURSION_AVAILABLE: number;
  export const AUTHORITATIVE_ANSWER: number;
  const dnsPacket: {
    encode: typeof encode;
    decode: typeof decode;
    streamEncode: typeof streamEncode;
    streamDecode: typeof streamDecode;
    RECURSION_DESIRED: number;
    RECURSION_AVAILABLE: number;
    AUTHORITATIVE_ANSWER: number;
  };
  export default dnsPacket;
}
