import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { USERNAME_PATTERN } from '@app/accounts';

/** RFC 8176 §2 registered Authentication Method Reference values. */
export const RFC8176_AMR = ['face', 'fpt', 'geo', 'hwk', 'iris', 'kba', 'mca', 'mfa', 'otp', 'pin', 'pop', 'pwd', 'rba', 'retina', 'sc', 'sms', 'swk', 'tel', 'user', 'vbm', 'wia'];

export class LoginRequestClientView {
  @ApiProperty({ example: 'c_3f9a1b2c4d5e6f70' }) client_id: string;
  @ApiProperty({ example: 'Photo Print' }) client_name: string;
}

export class LoginRequestView {
  @ApiProperty({ example: 'ghlc_q3f2Rk1yZ0x4c0tqV2FkT2t6bVdUN3FfY0JmRzZ4eWc', description: 'The challenge, as in the URL' })
  challenge: string;

  @ApiProperty({ type: LoginRequestClientView })
  client: LoginRequestClientView;

  @ApiProperty({ example: ['openid', 'profile'], description: 'The scopes the app asked for (consent is still asked by Gatehouse)' })
  requested_scope: string[];

  @ApiProperty({ example: '2026-12-05T23:55:00.000Z', description: '10 minutes after the browser was sent to the platform' })
  expires_at: string;

  @ApiProperty({ type: String, nullable: true, example: 'login', description: 'OIDC prompt as the app sent it; "login": sign the user in again even with a platform session' })
  prompt: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 300, description: 'OIDC max_age (seconds): the platform\'s own login must not be older' })
  max_age: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'alice@example.com', description: 'OIDC login_hint: who the app expects (prefill your form)' })
  login_hint: string | null;

  @ApiProperty({ enum: ['pending', 'accepted', 'rejected'], example: 'pending' })
  status: string;
}

export class AcceptLoginDto {
  @ApiProperty({ example: '100042', description: "The platform's own user id (1-64 printable characters): the Gatehouse user id from now on" })
  @IsString() @MinLength(1) @MaxLength(64)
  user_id: string;

  @ApiPropertyOptional({ example: 'alice', description: 'Username to create or update the user with (3-64 letters, digits, ".", "_", "@", "-")' })
  @IsOptional() @IsString() @Matches(USERNAME_PATTERN, { message: 'username must be 3-64 characters of letters, digits, ".", "_", "@" or "-"' })
  username?: string;

  @ApiPropertyOptional({ type: String, example: 'Alice Liu', maxLength: 128, nullable: true })
  @IsOptional() @IsString() @MaxLength(128)
  display_name?: string | null;

  @ApiPropertyOptional({ example: ['pwd', 'otp'], description: 'RFC 8176 methods the platform used; they reach the ID Token\'s amr. Omitted: no amr claim.' })
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsIn(RFC8176_AMR, { each: true, message: `each amr value must be one of RFC 8176: ${RFC8176_AMR.join(', ')}` })
  amr?: string[];
}

export class RejectLoginDto {
  @ApiProperty({ example: 'access_denied', description: 'Why (recorded; the app always receives error=access_denied)' })
  @IsString() @Matches(/^[\x20-\x21\x23-\x5B\x5D-\x7E]{1,64}$/, { message: 'error must be 1-64 printable ASCII characters without " or \\' })
  error: string;

  @ApiPropertyOptional({ example: 'The user cancelled the sign-in', description: 'Passed to the app as error_description' })
  @IsOptional() @IsString() @MaxLength(256) @Matches(/^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/, { message: 'error_description must be printable ASCII without " or \\' })
  error_description?: string;
}

export class LoginRedirectView {
  @ApiProperty({ example: 'https://id.example.com/login/resume?login_verifier=ghlv_b3BhcXVlLXZlcmlmaWVyLXZhbHVlLWV4YW1wbGU', description: 'Send the browser here (302): it must be the browser that came with the challenge' })
  redirect_to: string;
}
