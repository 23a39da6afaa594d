import { createPublicKey, generateKeyPair, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig, KeyEncryption, openServerKey, serverKeySecret } from '@app/common';
import { KeyEntity } from '@app/persistence';

export interface PlatformKey {
  privateKeyPem: string;
  publicKeyPem: string;
}

/**
 * The platform's RSA key that signs seed 003 gateway responses. Generated on first use and
 * kept in server_keys (kind "sop-platform"), the private half sealed like the signing keys
 * (KeyEncryption, bound to the row id; issue 14 #2); its public half is published at GET /sop/platform-key.
 */
@Injectable()
export class SopPlatformKey {
  private key?: Promise<PlatformKey>;

  private readonly encryption: KeyEncryption;

  constructor(@InjectRepository(KeyEntity) private readonly keys: Repository<KeyEntity>, @Inject(APP_CONFIG) config: AppConfig) {
    this.encryption = new KeyEncryption(serverKeySecret(config));
  }

  get(): Promise<PlatformKey> {
    this.key ??= this.readOrCreate().catch((err) => {
      this.key = undefined;
      throw err;
    });
    return this.key;
  }

  private async readOrCreate(): Promise<PlatformKey> {
    const find = () => this.keys.findOne({ where: { kind: 'sop-platform', status: 'active' }, order: { createdAt: 'ASC' } });
    let row = await find();
    if (!row) {
      const { privateKey } = await promisify(generateKeyPair)('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      });
      const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
      const id = randomUUID();
      try {
        await this.keys.insert({
          id, kind: 'sop-platform', alg: 'RS256', kid: null, publicMaterial: publicKeyPem,
          privateMaterial: this.encryption.seal(privateKey, id), status: 'active', createdAt: new Date(), retiredAt: null,
        });
      } catch {
        // another instance created it first
      }
      row = await find();
    }
    if (!row?.publicMaterial) throw new Error('platform key unavailable');
    return { privateKeyPem: openServerKey(this.encryption, row), publicKeyPem: row.publicMaterial };
  }
}
