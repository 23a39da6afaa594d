import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TokenResult } from '../token-result';

/** RFC 6749 §5.1 successful token response. */
export class TokenResponseDto {
  @ApiProperty({ example: 'gha_3q2-7wAbc…' }) access_token: string;
  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' }) token_type: 'Bearer';
  @ApiProperty({ example: 3600, description: 'Seconds; -1 = never expires' }) expires_in: number;
  @ApiPropertyOptional({ example: 'ghr_Zx9…', description: 'Absent for client_credentials' }) refresh_token?: string;
  @ApiProperty({ example: 'user_id_read profile' }) scope: string;
  @ApiPropertyOptional({ description: 'OpenID Connect: when the openid scope was granted (authorization_code)' }) id_token?: string;

  static from(r: TokenResult): TokenResponseDto {
    return Object.assign(new TokenResponseDto(), {
      access_token: r.accessToken,
      token_type: r.tokenType,
      expires_in: r.expiresIn,
      ...(r.refreshToken ? { refresh_token: r.refreshToken } : {}),
      scope: r.scope.join(' '),
      ...(r.idToken ? { id_token: r.idToken } : {}),
    });
  }
}
