import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { AuditEventView } from '@app/persistence';

export class AuditQueryDto {
  @ApiPropertyOptional({ example: 'admin:admin', description: 'Exact actor ("admin:<username>", "cli:<os user>", "anonymous", "system" …)' })
  @IsOptional() @IsString() @MaxLength(128)
  actor?: string;

  @ApiPropertyOptional({ example: 'client.approved' })
  @IsOptional() @IsString() @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ example: '5f0c2a9e8b7d4c1a2e3f4b5c', description: 'A channel client_id, a user id, a scope name …' })
  @IsOptional() @IsString() @MaxLength(64)
  target_id?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'ISO 8601; events at or after' })
  @IsOptional() @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ example: '2026-11-30T23:59:59Z', description: 'ISO 8601; events at or before' })
  @IsOptional() @IsISO8601({ strict: true })
  until?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, example: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', example: 1234, description: 'next_cursor of the previous page' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER)
  cursor?: number;
}

export class AuditEventDto implements AuditEventView {
  @ApiProperty({ example: 1234 }) id: number;
  @ApiProperty({ example: '2026-11-21T12:00:00.000Z' }) at: string;
  @ApiProperty({ example: 'admin:admin' }) actor: string;
  @ApiProperty({ example: 'client.suspended' }) action: string;
  @ApiProperty({ nullable: true, type: String, example: 'client' }) target_type: string | null;
  @ApiProperty({ nullable: true, type: String, example: '5f0c2a9e8b7d4c1a2e3f4b5c' }) target_id: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'abuse reported by users' }) reason: string | null;
  @ApiProperty({ nullable: true, type: String, example: '203.0.113.7' }) ip: string | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, example: { from: 'approved', to: 'suspended' } })
  details: Record<string, unknown> | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto], description: 'Newest first' }) items: AuditEventDto[];
  @ApiProperty({ nullable: true, type: String, example: '1184', description: 'Pass as ?cursor= for the next page; null on the last page' })
  next_cursor: string | null;
}
