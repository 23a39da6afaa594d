import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ClientView } from '@app/clients';
import type { ClientStatus, StatusChangeView } from '@app/clients';
import { PageQueryDto } from '../common/page-query.dto';

export const CLIENT_STATUSES: readonly ClientStatus[] = ['pending', 'approved', 'rejected', 'suspended'];

export class ListClientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CLIENT_STATUSES, example: 'pending' })
  @IsOptional() @IsIn(CLIENT_STATUSES)
  status?: ClientStatus;

  @ApiPropertyOptional({ example: 'acme', description: 'Part of the client name or client_id' })
  @IsOptional() @IsString() @MaxLength(128)
  search?: string;
}

export class ClientPageView {
  @ApiProperty({ type: [ClientView] }) items: ClientView[];
  @ApiProperty({ example: 1 }) total: number;
  @ApiProperty({ example: 50 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}

export class StatusChangeDto implements StatusChangeView {
  @ApiProperty({ nullable: true, example: 'pending', type: String }) from: string | null;
  @ApiProperty({ example: 'approved' }) to: string;
  @ApiProperty({ example: 'admin:admin' }) actor: string;
  @ApiProperty({ nullable: true, example: 'verified the developer', type: String }) reason: string | null;
  @ApiProperty({ example: '2026-11-21T12:00:00.000Z' }) at: string;
}

export class ClientDetailView extends ClientView {
  @ApiProperty({ type: [StatusChangeDto], description: 'Every status change, oldest first' })
  status_history: StatusChangeDto[];
}

export class NoteDto {
  @ApiPropertyOptional({ example: 'verified the developer', maxLength: 1000 })
  @IsOptional() @IsString() @MaxLength(1000)
  note?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'the redirect URI points to an unrelated site', maxLength: 1000 })
  @IsString() @IsNotEmpty() @MaxLength(1000)
  reason: string;
}

export class RotatedSecretView extends ClientView {
  @ApiProperty({ example: 'ghs_Q2hhbmdlIG1lIGZvciBhIHJlYWwgc2VjcmV0IQ', description: 'The new secret, shown once; the old one stops working' })
  client_secret: string;
}
