import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { readInput } from '../util/fs.js';
import { MANIFEST } from './manifest.js';

/**
 * Pack signatures: a DSSE envelope (secure-systems-lab) over an in-toto v1 Statement whose one
 * subject is manifest.json; the manifest holds the SHA-256 of every other file. Ed25519 keys, PEM.
 */

export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const PREDICATE_TYPE = 'https://kubeproof.io/evidence-pack/v1';

export interface DsseEnvelope {
  payloadType: string;
  payload: string;
  signatures: Array<{ keyid: string; sig: string }>;
}

const envelopeSchema = z.strictObject({
  payloadType: z.string(),
  payload: z.string(),
  signatures: z.array(z.strictObject({ keyid: z.string(), sig: z.string() })).min(1),
});

/** DSSE pre-authentication encoding: what is actually signed. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

export function keyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function loadPrivateKey(path: string): KeyObject {
  const pem = readInput(path, 'signing key');
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new InputError('not a PEM private key (make one with kubeproof keygen)', { file: path });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new InputError(`expected an Ed25519 private key, found ${key.asymmetricKeyType}`, { file: path });
  return key;
}

export function loadPublicKey(path: string): KeyObject {
  const pem = readInput(path, 'public key');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new InputError('not a PEM public key', { file: path });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new InputError(`expected an Ed25519 public key, found ${key.asymmetricKeyType}`, { file: path });
  return key;
}

export function generateKeys(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function signManifest(manifestBytes: Buffer, predicate: unknown, key: KeyObject): DsseEnvelope {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: MANIFEST, digest: { sha256: createHash('sha256').update(manifestBytes).digest('hex') } }],
    predicateType: PREDICATE_TYPE,
    predicate,
  };
  const payload = Buffer.from(JSON.stringify(statement), 'utf8');
  const sig = sign(null, pae(PAYLOAD_TYPE, payload), key);
  return {
    payloadType: PAYLOAD_TYPE,
    payload: payload.toString('base64'),
    signatures: [{ keyid: keyId(createPublicKey(key)), sig: sig.toString('base64') }],
  };
}

/** Why the envelope does not prove this manifest under this key, or undefined when it does. */
export function checkSignature(envelopeText: string, manifestBytes: Buffer, publicKey: KeyObject): string | undefined {
  let envelope: DsseEnvelope;
  try {
    envelope = envelopeSchema.parse(JSON.parse(envelopeText));
  } catch {
    return 'the signature file is not a DSSE envelope';
  }
  if (envelope.payloadType !== PAYLOAD_TYPE) return `unexpected payloadType ${envelope.payloadType}`;
  const payload = Buffer.from(envelope.payload, 'base64');
  const wanted = keyId(publicKey);
  const sigs = envelope.signatures.filter((s) => s.keyid === wanted);
  if (sigs.length === 0) return `no signature by the given key (keyid ${wanted.slice(0, 16)}…)`;
  if (!sigs.some((s) => verify(null, pae(envelope.payloadType, payload), publicKey, Buffer.from(s.sig, 'base64')))) {
    return 'the signature does not verify: the signed statement was changed or signed by another key';
  }
  let statement: { subject?: Array<{ name?: string; digest?: { sha256?: string } }> };
  try {
    statement = JSON.parse(payload.toString('utf8'));
  } catch {
    return 'the signed statement does not parse';
  }
  const subject = statement.subject?.find((s) => s.name === MANIFEST);
  const actual = createHash('sha256').update(manifestBytes).digest('hex');
  if (subject?.digest?.sha256 !== actual) return `${MANIFEST} is not the one that was signed (its SHA-256 differs from the signed statement)`;
  return undefined;
}
