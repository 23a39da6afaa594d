import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 7662 §2.2 introspection response; an inactive token gets `{active:false}` and nothing else. */
export class IntrospectionView {
  @ApiProperty() active: boolean;
  @ApiPropertyOptional({ example: 'user_id_read profile' }) scope?: string;
  @ApiPropertyOptional() client_id?: string;
  @ApiPropertyOptional({ description: 'Only for tokens a user granted' }) username?: string;
  @ApiPropertyOptional({ description: "The user's pairwise openid for this client, or client:<client_id> for client_credentials tokens" }) sub?: string;
  @ApiPropertyOptional({ example: 'Bearer', description: 'Access tokens only' }) token_type?: string;
  @ApiPropertyOptional({ description: 'Seconds since the epoch; absent when the token never expires' }) exp?: number;
  @ApiPropertyOptional() iat?: number;
  @ApiPropertyOptional({ description: 'The resource server the token is for (access tokens)' }) aud?: string;
  @ApiPropertyOptional() iss?: string;

  static inactive(): IntrospectionView {
    return Object.assign(new IntrospectionView(), { active: false });
  }
}
