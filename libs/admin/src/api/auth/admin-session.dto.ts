import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class AdminLoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'correct horse battery staple', format: 'password' })
  @IsString() @IsNotEmpty() @MaxLength(256)
  password: string;

  @ApiProperty({ required: false, example: '492039', description: 'A current TOTP code (or a recovery code): required when the operator has set up a second factor, and for every operator when ADMIN_MFA=required' })
  @IsOptional() @IsString() @MaxLength(64)
  otp?: string;
}

export class AdminSessionView {
  @ApiProperty({ example: 'ghadm_3q2+7wAbCdEfGhIjKlMnOpQrStUvWxYz0123456789', description: 'Send as "Authorization: Bearer <token>"' })
  access_token: string;

  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] })
  token_type: 'Bearer';

  @ApiProperty({ example: 28800, description: 'Seconds until the token expires' })
  expires_in: number;
}
