import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_PATTERN, UserView } from '@app/accounts';
import { PageQueryDto } from '../common/page-query.dto';

const Given = () => ValidateIf((_, value) => value !== undefined);

export class CreateUserDto {
  @ApiProperty({ example: 'alice', description: '3-64 letters, digits, ".", "_", "@" or "-"; unique regardless of case' })
  @IsString() @Matches(USERNAME_PATTERN, { message: 'username must be 3-64 characters of letters, digits, ".", "_", "@" or "-"' })
  username: string;

  @ApiProperty({ example: 'a long passphrase', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, format: 'password' })
  @IsString() @MinLength(PASSWORD_MIN) @MaxLength(PASSWORD_MAX)
  password: string;

  @ApiPropertyOptional({ example: 'Alice Liu', maxLength: 128 })
  @IsOptional() @IsString() @MaxLength(128)
  display_name?: string | null;

  @ApiPropertyOptional({ example: false, description: 'An operator (may use the admin API and console)' })
  @IsOptional() @IsBoolean()
  is_admin?: boolean;

  @ApiPropertyOptional({
    type: 'object', additionalProperties: { type: 'string' }, nullable: true, example: { seller_name: 'Acme Trading Ltd.' },
    description: 'A flat JSON object of string values, at most 4096 bytes serialised; replaces every attribute (null or {} clears them)',
  })
  @Allow() // checked by the accounts service (parseUserAttributes), which names the offending attribute
  attributes?: unknown;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ nullable: true, example: 'Alice Liu', maxLength: 128 })
  @IsOptional() @IsString() @MaxLength(128)
  display_name?: string | null;

  @ApiPropertyOptional({ example: 'a new long passphrase', description: 'Resets the password; ends the user\'s sessions and tokens', format: 'password' })
  @Given() @IsString() @IsNotEmpty() @MinLength(PASSWORD_MIN) @MaxLength(PASSWORD_MAX)
  password?: string;

  @ApiPropertyOptional({ example: true, description: 'true disables the account (its sessions and tokens end); false enables it' })
  @Given() @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ example: false })
  @Given() @IsBoolean()
  is_admin?: boolean;

  @ApiPropertyOptional({
    type: 'object', additionalProperties: { type: 'string' }, nullable: true, example: { seller_name: 'Acme Trading Ltd.' },
    description: 'A flat JSON object of string values, at most 4096 bytes serialised; replaces every attribute (null or {} clears them)',
  })
  @Allow() // checked by the accounts service (parseUserAttributes), which names the offending attribute
  attributes?: unknown;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'ali', description: 'Part of the username or display name' })
  @IsOptional() @IsString() @MaxLength(64)
  search?: string;
}

export class UserPageView {
  @ApiProperty({ type: [UserView] }) items: UserView[];
  @ApiProperty({ example: 1 }) total: number;
  @ApiProperty({ example: 50 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}
