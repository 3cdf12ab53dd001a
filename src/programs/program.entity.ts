import { centsFromDb } from '../common/money';
import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const PROGRAM_CODES = ['JOHNZ_SCHOOL', 'OAR'] as const;
export type ProgramCode = (typeof PROGRAM_CODES)[number];

const bigintCents = {
  to: (v: number) => v,
  from: (v: string | null) => (v === null ? null : centsFromDb(v)),
};

@Entity('programs')
export class ProgramEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') code: ProgramCode;
  @Column('text') name: string;
  @Column('bigint', { name: 'fee_cents', transformer: bigintCents }) feeCents: number;
  @Column('integer', { name: 'required_sessions' }) requiredSessions: number;
  @Column('integer', { name: 'completion_window_days' }) completionWindowDays: number;
  @Column('text') beneficiary: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
