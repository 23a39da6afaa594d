import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SCOPE_NAME } from '@app/clients';
import type { ScopeView } from '@app/clients';

export class CreateScopeDto {
  @ApiProperty({ example: 'orders_read', description: 'An RFC 6749 §3.3 scope token: 1-64 printable characters, no spaces, quotes or backslashes' })
  @IsString() @Matches(SCOPE_NAME, { message: 'name must be 1-64 printable characters without spaces, quotes or backslashes' })
  name: string;

  @ApiProperty({ example: 'Read your order history', maxLength: 1000, description: 'Shown to users on the consent page' })
  @IsString() @IsNotEmpty() @MaxLength(1000)
  description: string;

  @ApiPropertyOptional({ type: String, example: '读取您的订单记录', maxLength: 1000 })
  @IsOptional() @IsString() @MaxLength(1000)
  description_zh?: string | null;

  @ApiPropertyOptional({
    example: false, default: false,
    description: 'The scope describes a user (reads their data, signs them in): granted only with a user, never to a client_credentials token. '
      + 'Always true for the OpenID Connect scopes (openid, profile, email, phone, address, offline_access).',
  })
  @IsOptional() @IsBoolean()
  user_bound?: boolean;
}

export class ScopeDto implements ScopeView {
  @ApiProperty({ example: 'user_id_read' }) name: string;
  @ApiProperty({ example: 'Read your user id' }) description: string;
  @ApiProperty({ nullable: true, type: String, example: '读取您的用户 ID' }) description_zh: string | null;
  @ApiProperty({ example: true, description: 'Describes a user: never granted to a client_credentials token' }) user_bound: boolean;
}

export class ScopeListView {
  @ApiProperty({ type: [ScopeDto] }) items: ScopeDto[];
}
