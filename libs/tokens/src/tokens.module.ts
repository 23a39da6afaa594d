import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessTokenEntity, KeyEntity, RefreshTokenEntity } from '@app/persistence';
import { AccountsModule } from '@app/accounts';
import { ClientsModule } from '@app/clients';
import { AuthorizationModule } from '@app/authorization';
import { RevocationSubscriptions } from './events/revocation-subscriptions';
import { ACCESS_TOKEN_FORMATS } from './generators/access-token-format';
import { JwtAccessTokenFormat } from './generators/jwt-access-token.format';
import { OpaqueAccessTokenFormat } from './generators/opaque-access-token.format';
import { TokenGenerator } from './generators/token-generator';
import { TokenIssuer } from './generators/token-issuer';
import { AuthorizationCodeGrant } from './grants/authorization-code.grant';
import { ClientCredentialsGrant } from './grants/client-credentials.grant';
import { GRANT_HANDLERS } from './grants/grant-handler';
import { GrantRegistry } from './grants/grant-registry';
import { RefreshTokenGrant } from './grants/refresh-token.grant';
import { BrowserCors } from './http/browser-cors';
import { TokenController } from './http/token.controller';
import { IntrospectionController } from './introspection/introspection.controller';
import { IntrospectionService } from './introspection/introspection.service';
import { JwksController } from './keys/jwks.controller';
import { DiscoveryController } from './oidc/discovery.controller';
import { EndSessionController } from './oidc/end-session.controller';
import { EndSessionFlow } from './oidc/end-session-flow';
import { EndSessionRequests } from './oidc/end-session.service';
import { IdTokens } from './oidc/id-tokens.service';
import { UserInfoController } from './oidc/userinfo.controller';
import { UserInfoService } from './oidc/userinfo.service';
import { SigningKeys } from './keys/signing-keys.service';
import { MetadataController } from './metadata/metadata.controller';
import { MetadataService } from './metadata/metadata.service';
import { RevocationController } from './revocation/revocation.controller';
import { RevocationService } from './revocation/revocation.service';
import { AccessTokens } from './store/access-tokens.repository';
import { RefreshTokens } from './store/refresh-tokens.repository';
import { TokenLookup } from './store/token-lookup';
import { TokenImport } from './store/token-import';
import { TokenRevoker } from './store/token-revoker';
import { BearerCache } from './store/bearer-cache';
import { TokenService } from './token.service';
import { TokenStatistics } from './token-statistics';
import { AccessTokenValidator } from './validation/access-token-validator';

/** The grants, in the order metadata lists them. */
const GRANTS = [AuthorizationCodeGrant, RefreshTokenGrant, ClientCredentialsGrant];
const FORMATS = [OpaqueAccessTokenFormat, JwtAccessTokenFormat];

@Module({
  imports: [TypeOrmModule.forFeature([AccessTokenEntity, RefreshTokenEntity, KeyEntity]), AccountsModule, ClientsModule, AuthorizationModule],
  controllers: [TokenController, RevocationController, IntrospectionController, MetadataController, JwksController,
    DiscoveryController, UserInfoController, EndSessionController,
  ],
  providers: [
    ...GRANTS,
    { provide: GRANT_HANDLERS, useFactory: (...handlers: unknown[]) => handlers, inject: GRANTS },
    ...FORMATS,
    { provide: ACCESS_TOKEN_FORMATS, useFactory: (...formats: unknown[]) => formats, inject: FORMATS },
    GrantRegistry, TokenService, TokenGenerator, TokenIssuer,
    AccessTokens, RefreshTokens, TokenRevoker, TokenLookup, BearerCache, TokenImport,
    RevocationService, IntrospectionService, MetadataService,
    AccessTokenValidator, TokenStatistics, RevocationSubscriptions,
    SigningKeys, IdTokens, UserInfoService, EndSessionRequests, EndSessionFlow, BrowserCors,
  ],
  exports: [TokenService, AccessTokenValidator, TokenStatistics, SigningKeys, TokenImport],
})
export class TokensModule {}
