ALTER TABLE `ai_analytics`.genai_events_local  MODIFY SETTING min_bytes_for_wide_part = 268435456;

ALTER TABLE `ai_analytics`.genai_feedback_local  MODIFY SETTING min_bytes_for_wide_part = 268435456;

ALTER TABLE `ai_analytics`.genai_users_local  MODIFY SETTING min_bytes_for_wide_part = 268435456;

ALTER TABLE `ai_analytics`.genai_events_1m_local  MODIFY SETTING min_bytes_for_wide_part = 268435456;
