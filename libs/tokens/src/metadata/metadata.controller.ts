import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { API_TAGS, ApiHttpLayerErrors, ApiPublic, HttpReply, NotFoundError } from '@app/common';
import { AuthorizationServerMetadataView } from './metadata.view';
import { MetadataService } from './metadata.service';

/**
 * RFC 8414 §3 metadata at /.well-known/oauth-authorization-server — and, for an issuer with a
 * path (served behind a proxy prefix), also at /.well-known/oauth-authorization-server/<path>
 * as §3.1 tells clients to look. Public and read by browser-based clients, so CORS is open here
 * (RFC 9700 §2.6 allows it for metadata); /oauth2/authorize never gets it (#11).
 */
@ApiTags(API_TAGS.authorize)
@ApiPublic()
@Controller('.well-known')
export class MetadataController {
  constructor(private readonly metadata: MetadataService) {}

  @Get('oauth-authorization-server')
  @ApiOperation({
    summary: 'Authorization server metadata (RFC 8414)',
    description: 'Where an OAuth library starts: the endpoints, grant types, client authentication methods and scopes of this '
      + 'server. Public, cacheable for five minutes, readable cross-origin.',
  })
  @ApiOkResponse({ type: AuthorizationServerMetadataView, description: 'The metadata document' })
  @ApiHttpLayerErrors()
  document(@Res({ passthrough: true }) res: HttpReply): Promise<Record<string, unknown>> {
    return this.send(res);
  }

  @Get('oauth-authorization-server/*')
  @ApiExcludeEndpoint()
  documentForPath(@Param('*') path: string | string[], @Res({ passthrough: true }) res: HttpReply): Promise<Record<string, unknown>> {
    const given = `/${Array.isArray(path) ? path.join('/') : path}`;
    if (given !== this.metadata.issuerPath()) throw new NotFoundError('No authorization server metadata for this issuer');
    return this.send(res);
  }

  private send(res: HttpReply): Promise<Record<string, unknown>> {
    res.headers({
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Cache-Control': 'public, max-age=300',
    });
    return this.metadata.document();
  }
}
