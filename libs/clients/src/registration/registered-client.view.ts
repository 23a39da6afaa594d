import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ClientView } from '../client.model';
import type { RegisteredClient } from '../clients.service';

/** RFC 7591 §3.2.1 client information response; the secret appears here and nowhere else. */
export class RegisteredClientView extends ClientView {
  @ApiPropertyOptional({ example: 'ghs_Q2hhbmdlIG1lIGZvciBhIHJlYWwgc2VjcmV0IQ', description: 'Shown once; absent for public clients' })
  client_secret?: string;

  @ApiProperty({ example: 1763700000, description: 'Seconds since the epoch' })
  client_id_issued_at: number;

  @ApiPropertyOptional({ example: 0, description: '0: the secret does not expire' })
  client_secret_expires_at?: number;

  static fromRegistered({ client, clientSecret }: RegisteredClient): RegisteredClientView {
    const view = Object.assign(new RegisteredClientView(), client, {
      client_id_issued_at: Math.floor(new Date(client.created_at).getTime() / 1000),
    });
    if (clientSecret) Object.assign(view, { client_secret: clientSecret, client_secret_expires_at: 0 });
    return view;
  }
}
