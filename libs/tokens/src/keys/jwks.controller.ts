import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { API_TAGS, ApiHttpLayerErrors, ApiPublic } from '@app/common';
import { JwksView } from '../metadata/metadata.view';
import type { JWK } from 'jose';
import { SigningKeys } from './signing-keys.service';

/**
 * RFC 7517 §5 JWK Set of the keys that sign ID tokens and JWT access tokens: public parts
 * only, each with its kid; retired keys stay until their tokens expire. Public, so CORS is
 * open (RFC 9700 §2.6 allows it for the JWKS) and it may be cached briefly.
 */
@ApiTags(API_TAGS.tokens)
@ApiPublic()
@Controller('oauth2')
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  @Get('jwks')
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({
    summary: 'JSON Web Key Set (RFC 7517)',
    description: 'The public keys that verify ID tokens and JWT access tokens, found by the `kid` of the token header. '
      + 'Retired keys stay here until the tokens they signed have expired; cache for a minute.',
  })
  @ApiOkResponse({ type: JwksView, description: 'The key set' })
  @ApiHttpLayerErrors()
  jwks(): Promise<{ keys: JWK[] }> {
    return this.keys.jwks();
  }
}
