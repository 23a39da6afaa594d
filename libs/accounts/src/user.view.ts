import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { UserEntity } from '@app/persistence';

/** A user as the APIs and other libs see it (never the entity, never the hash). */
export class UserView {
  @ApiProperty({ example: '6f1c3c1e-0d7a-4a4e-9d55-2b1f0f2f8a10' }) id: string;
  @ApiProperty({ example: 'alice' }) username: string;
  @ApiPropertyOptional({ example: 'Alice Liu', nullable: true }) display_name: string | null;
  @ApiProperty() is_admin: boolean;
  @ApiProperty() disabled: boolean;
  @ApiProperty({
    type: 'object', additionalProperties: { type: 'string' }, example: { seller_name: 'Acme Trading Ltd.' },
    description: 'Flat string attributes (seed 002 getUserInfo answers from them); {} when there are none',
  })
  attributes: Record<string, string>;
  @ApiProperty({ example: '2026-11-21T12:00:00.000Z' }) created_at: string;

  static from(u: UserEntity): UserView {
    return Object.assign(new UserView(), {
      id: u.id,
      username: u.username,
      display_name: u.displayName,
      is_admin: u.isAdmin,
      disabled: u.disabled,
      attributes: { ...(u.attributes ?? {}) },
      created_at: u.createdAt.toISOString(),
    });
  }
}
