import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Seed 001 token body (form-urlencoded); the client authenticates with HTTP Basic. */
export class LiuyuanTokenDto {
  @ApiProperty({ enum: ['authorization_code'] })
  @IsString() @MaxLength(64)
  grant_type: string;

  @ApiProperty({ description: 'The code from the authorization redirect' })
  @IsString() @MaxLength(2048)
  code: string;

  @ApiPropertyOptional({ description: 'Must equal the Basic credentials' })
  @IsOptional() @IsString() @MaxLength(64)
  client_id?: string;

  @ApiPropertyOptional({ description: 'Not needed; when sent it must equal the one used at authorize' })
  @IsOptional() @IsString() @MaxLength(2048)
  redirect_uri?: string;
}
