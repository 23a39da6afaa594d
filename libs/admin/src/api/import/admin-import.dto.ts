import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class ImportQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Check every line and report, writing nothing' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dry_run?: 'true' | 'false';
}

export class ImportCountsView {
  @ApiProperty({ example: 1000 }) users: number;
  @ApiProperty({ example: 10 }) channels: number;
  @ApiProperty({ example: 1000 }) openids: number;
  @ApiProperty({ example: 1000 }) grants: number;
}

export class ImportLineErrorView {
  @ApiProperty({ example: 7, description: 'Line number in the file, from 1' }) line: number;
  @ApiProperty({ example: 'password_hash', nullable: true, type: String, description: 'The field at fault; null when the whole line is (not JSON, too long)' })
  field: string | null;
  @ApiProperty({ example: 'unrecognised hash format' }) message: string;
}

export class ImportSummaryDto {
  @ApiProperty({ example: false }) dry_run: boolean;
  @ApiProperty({ example: 3010, description: 'Lines read (blank lines aside)' }) lines: number;
  @ApiProperty({ type: ImportCountsView }) created: ImportCountsView;
  @ApiProperty({ type: ImportCountsView }) updated: ImportCountsView;
  @ApiProperty({ example: 0, description: 'Lines that matched what is stored already (re-import)' }) unchanged: number;
  @ApiProperty({ type: [ImportLineErrorView], description: 'Lines that wrote nothing (the first 1000)' }) errors: ImportLineErrorView[];
}
