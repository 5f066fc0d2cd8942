-- The program overview (supervisors): the count of each member's support contacts still awaiting
-- confirmation (state invited), set from every profile snapshot the writer applies (so a replay
-- sets the same value), and the indexes its aggregate queries read by.
ALTER TABLE rm_member ADD COLUMN contacts_awaiting INT NOT NULL DEFAULT 0;

-- answered vs missed per day: check-ins by due instant across all members
CREATE INDEX rm_checkin_due ON rm_checkin (due_at);

-- emails failed or bounced in the last days: delivery rows by outcome and time
CREATE INDEX rm_timeline_delivery ON rm_timeline (delivery_outcome, occurred_at);

-- members by tier
CREATE INDEX rm_member_tier ON rm_member (tier);
