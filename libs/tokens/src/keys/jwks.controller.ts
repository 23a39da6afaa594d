import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { API_TAGS, ApiHttpLayerErrors, ApiPublic } from '@app/common';
import { JwksView } from '../metadata/metadata.view';
import type { JWK } from 'jose';
import { JWKS_MAX_AGE_SECONDS } from './key-schedule';
import { SigningKeys } from './signing-keys.service';

/**
 * RFC 7517 §5 JWK Set of the keys that sign ID tokens and JWT access tokens: public parts
 * only, each with its kid; a rotated-in key appears before it signs, retired keys stay until
 * their tokens expire. Public, so CORS is open (RFC 9700 §2.6 allows it for the JWKS). Cached
 * for JWKS_MAX_AGE_SECONDS: a rotation publishes the next key longer ahead than that.
 */
@ApiTags(API_TAGS.tokens)
@ApiPublic()
@Controller('oauth2')
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  @Get('jwks')
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  @Header('Cache-Control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`)
  @ApiOperation({
    summary: 'JSON Web Key Set (RFC 7517)',
    description: 'The public keys that verify ID tokens and JWT access tokens, found by the `kid` of the token header. '
      + 'A new key is published here before it signs; retired keys stay until the tokens they signed have expired. Honour Cache-Control.',
  })
  @ApiOkResponse({ type: JwksView, description: 'The key set' })
  @ApiHttpLayerErrors()
  jwks(): Promise<{ keys: JWK[] }> {
    return this.keys.jwks();
  }
}
