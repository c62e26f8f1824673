import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * TLS material for the test API server, made with the openssl command at test time (never
 * committed): a CA, a server certificate it signs for 127.0.0.1 and localhost, a client
 * certificate it signs (client-certificate auth), and a second CA that signed nothing here (TLS
 * verification failure). openssl rather than a package such as selfsigned or node-forge: no new
 * dependency, a real two-level chain that kubectl verifies as strictly as it would a cluster's,
 * and it is on every machine that runs these tests (developers' and CI).
 */
export interface TlsMaterial {
  dir: string;
  caFile: string;
  caPem: string;
  serverKey: string;
  serverCert: string;
  clientKeyFile: string;
  clientCertFile: string;
  otherCaFile: string;
}

let cached: TlsMaterial | undefined;

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function selfSignedCa(dir: string, name: string, cn: string): void {
  openssl(dir, ['req', '-x509', ...EC, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '3', '-subj', `/CN=${cn}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
}

function signed(dir: string, name: string, subject: string, extensions: string): void {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, ['req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`]);
}

export function tlsMaterial(): TlsMaterial {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'kp-tls-'));
  selfSignedCa(dir, 'ca', 'kubeproof-test-ca');
  selfSignedCa(dir, 'other-ca', 'somebody-else-ca');
  signed(dir, 'server', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.test\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n');
  signed(dir, 'client', '/O=kubeproof:auditors/CN=kubeproof-client', 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n');
  cached = {
    dir,
    caFile: join(dir, 'ca.crt'),
    caPem: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    serverKey: readFileSync(join(dir, 'server.key'), 'utf8'),
    serverCert: readFileSync(join(dir, 'server.crt'), 'utf8'),
    clientKeyFile: join(dir, 'client.key'),
    clientCertFile: join(dir, 'client.crt'),
    otherCaFile: join(dir, 'other-ca.crt'),
  };
  return cached;
}
